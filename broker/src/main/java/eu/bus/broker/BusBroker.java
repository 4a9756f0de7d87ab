package eu.bus.broker;

import eu.bus.keys.ProtectedKeyStore;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The broker the nodes of a process use: the embedded one this process started, or an external one
 * ({@code bus broker}) it only connects to. The nodes see the same thing either way.
 */
public interface BusBroker extends AutoCloseable {

    String host();

    int port();

    /** The address the nodes connect to. */
    default BrokerAddress address() {
        return new BrokerAddress(host(), port());
    }

    /** Whether the broker ran in this process (false: another process runs it). */
    boolean embedded();

    /**
     * A connection factory for a node, which authenticates with its own key store ({@link BrokerTransport});
     * the caller closes it.
     */
    ActiveMQConnectionFactory connectionFactory(ProtectedKeyStore nodeKeys);

    /** Whether the broker is reachable and running now (health). */
    boolean isUp();

    /** Stops the embedded broker; for an external one, only closes this process's connection to it. */
    @Override
    void close() throws Exception;
}
