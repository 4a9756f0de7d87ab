package eu.bus.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import java.util.function.Supplier;
import org.apache.activemq.artemis.core.client.impl.ServerLocatorInternal;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * One node's way to the broker as a JMS connection factory that can be stopped and made again. The node's TLS
 * identity is its signing key store, which Artemis reads when the factory is made (password) and at each TLS
 * handshake (key): after a rotation the factory is {@link #restart() made again} so every new connection
 * presents the new certificate. While the node's certificate is revoked it is {@link #stop(String) stopped}:
 * the old factory is closed, which ends its connections and their endless reconnection attempts (each refused by
 * the broker with a stack trace in the log), and no connection is tried until it is restarted.
 */
public final class NodeConnections implements ConnectionFactory, AutoCloseable {

    private final Supplier<ActiveMQConnectionFactory> factories;
    private ActiveMQConnectionFactory current;
    private String stoppedBecause;
    private boolean closed;

    /** @param factories makes a factory with the node's current key store (called again at each restart) */
    public NodeConnections(Supplier<ActiveMQConnectionFactory> factories) {
        this.factories = factories;
        this.current = factories.get();
    }

    /** Ends every connection made so far and refuses new ones, saying {@code why}, until {@link #restart()}. */
    public void stop(String why) {
        ActiveMQConnectionFactory old;
        synchronized (this) {
            old = current;
            current = null;
            stoppedBecause = why;
        }
        if (old != null) {
            end(old);
        }
    }

    /** Ends every connection made so far; new ones are made by a new factory, with the key store as it is now. */
    public void restart() {
        ActiveMQConnectionFactory fresh = factories.get();
        ActiveMQConnectionFactory old;
        synchronized (this) {
            if (closed) {
                fresh.close();
                return;
            }
            old = current;
            current = fresh;
            stoppedBecause = null;
        }
        if (old != null) {
            end(old);
        }
    }

    /** How long a polite close may take before the connections are dropped. */
    private static final long CLOSE_MILLIS = 1_000;

    /**
     * Closes the factory's connections and ends their reconnection attempts. A polite close (which also ends the TCP
     * connection, so the broker forgets it at once) sends each consumer's and session's close and waits for the
     * answer, up to Artemis' call timeout each (30 s) on a connection the broker has already cut (a revoked
     * certificate): after a second, the connections are dropped without a word instead.
     */
    private static void end(ActiveMQConnectionFactory factory) {
        Thread polite = new Thread(factory::close, "bus-close-connections");
        polite.setDaemon(true);
        polite.start();
        try {
            polite.join(CLOSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (polite.isAlive() && factory.getServerLocator() instanceof ServerLocatorInternal locator) {
            locator.cleanup();
        }
    }

    public synchronized boolean isStopped() {
        return current == null;
    }

    private synchronized ActiveMQConnectionFactory factory() throws JMSException {
        if (current == null) {
            throw new JMSException(closed ? "the node is shutting down" : stoppedBecause);
        }
        return current;
    }

    private synchronized ActiveMQConnectionFactory contextFactory() {
        if (current == null) {
            throw new JMSRuntimeException(closed ? "the node is shutting down" : stoppedBecause);
        }
        return current;
    }

    @Override
    public Connection createConnection() throws JMSException {
        return factory().createConnection();
    }

    @Override
    public Connection createConnection(String user, String password) throws JMSException {
        return factory().createConnection(user, password);
    }

    @Override
    public JMSContext createContext() {
        return contextFactory().createContext();
    }

    @Override
    public JMSContext createContext(String user, String password) {
        return contextFactory().createContext(user, password);
    }

    @Override
    public JMSContext createContext(String user, String password, int sessionMode) {
        return contextFactory().createContext(user, password, sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return contextFactory().createContext(sessionMode);
    }

    @Override
    public void close() {
        ActiveMQConnectionFactory old;
        synchronized (this) {
            closed = true;
            old = current;
            current = null;
        }
        if (old != null) {
            old.close();
        }
    }
}
