package eu.bus.broker;

import eu.bus.keys.ProtectedKeyStore;
import jakarta.jms.JMSException;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.client.FailoverEventType;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A bus broker running in another process ({@code bus broker}). Connecting checks at once that it
 * answers and accepts this process's certificates, so a wrong address fails at start-up, not at
 * the first message; the connection then stays open to tell the health check whether the broker is up.
 */
public final class ExternalBroker implements BusBroker {

    private final BrokerAddress address;
    private final Path caCertificate;
    private final ActiveMQConnectionFactory factory;
    private final ActiveMQConnection probe;
    private volatile boolean up = true;

    private ExternalBroker(BrokerAddress address, Path caCertificate, ActiveMQConnectionFactory factory,
                           ActiveMQConnection probe) {
        this.address = address;
        this.caCertificate = caCertificate;
        this.factory = factory;
        this.probe = probe;
    }

    /**
     * Connects as the node whose key store is given (any node of the registry may connect).
     *
     * @throws BrokerUnreachableException when nothing answers, or the broker refuses the TLS handshake or the node
     */
    public static ExternalBroker connect(BrokerAddress address, ProtectedKeyStore nodeKeys, Path caCertificate) {
        ActiveMQConnectionFactory factory = BrokerTransport.reconnecting(
                BrokerTransport.factory(address.host(), address.port(), nodeKeys, caCertificate));
        try {
            ActiveMQConnection probe = (ActiveMQConnection) factory.createConnection();
            ExternalBroker broker = new ExternalBroker(address, caCertificate, factory, probe);
            probe.setFailoverListener(broker::onFailover);
            return broker;
        } catch (JMSException | RuntimeException e) {
            factory.close();
            throw new BrokerUnreachableException(address, e);
        }
    }

    private void onFailover(FailoverEventType event) {
        up = event == FailoverEventType.FAILOVER_COMPLETED;
    }

    @Override
    public String host() {
        return address.host();
    }

    @Override
    public int port() {
        return address.port();
    }

    @Override
    public boolean embedded() {
        return false;
    }

    @Override
    public ActiveMQConnectionFactory connectionFactory(ProtectedKeyStore nodeKeys) {
        return BrokerTransport.factory(address.host(), address.port(), nodeKeys, caCertificate);
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public void close() throws Exception {
        try {
            probe.close();
        } finally {
            factory.close();
        }
    }
}
