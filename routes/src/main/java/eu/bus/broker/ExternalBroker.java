package eu.bus.broker;

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
    private final Path trustStore;
    private final ActiveMQConnectionFactory factory;
    private final ActiveMQConnection probe;
    private volatile boolean up = true;

    private ExternalBroker(BrokerAddress address, Path trustStore, ActiveMQConnectionFactory factory,
                           ActiveMQConnection probe) {
        this.address = address;
        this.trustStore = trustStore;
        this.factory = factory;
        this.probe = probe;
    }

    /**
     * Connects as the node whose key store is given (any node of the registry may connect).
     *
     * @throws BrokerUnreachableException when nothing answers, or the broker refuses the TLS handshake or the node
     */
    public static ExternalBroker connect(BrokerAddress address, Path nodeKeyStore, Path trustStore) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(BrokerUrls.reconnecting(
                BrokerUrls.tls(address.host(), address.port(), nodeKeyStore, trustStore)));
        try {
            ActiveMQConnection probe = (ActiveMQConnection) factory.createConnection();
            ExternalBroker broker = new ExternalBroker(address, trustStore, factory, probe);
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
    public String urlFor(Path nodeKeyStore) {
        return BrokerUrls.tls(address.host(), address.port(), nodeKeyStore, trustStore);
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
