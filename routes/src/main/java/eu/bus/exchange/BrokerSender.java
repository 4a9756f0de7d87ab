package eu.bus.exchange;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import eu.bus.broker.BusAddresses;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Puts one node's messages on the broker, persistent, and returns only when the broker has
 * confirmed every one of them as stored. The messages of one call are sent without waiting for each
 * other (JMS 2 asynchronous send: the broker acknowledges each after it is in its journal, which
 * needs a {@code confirmationWindowSize} on the connection), so a message for three inboxes costs
 * one journal sync wait instead of three blocking round trips in a row. A refused or failed send
 * fails the call, like a blocking send would.
 * <p>
 * Sessions are not thread-safe: each call borrows one from a small pool and gives it back once its
 * sends are confirmed. One connection per node, opened on first use.
 */
public final class BrokerSender implements AutoCloseable {

    /** One message: the address (a case topic or a queue), the CMS bytes, the wire headers. */
    public record Outbound(String address, byte[] body, Map<String, String> properties) {
    }

    /** Longer than any journal sync; a broker that has not stored a message by then is treated as down. */
    static final long CONFIRM_SECONDS = 30;
    static final long FAILOVER_WAIT_MILLIS = 5_000;

    /**
     * Sets what a sender's connection factory needs: a confirmation window turns on the broker's asynchronous
     * send acknowledgements (sent once the message is stored), which JMS 2 asynchronous send needs.
     */
    public static ActiveMQConnectionFactory confirming(ActiveMQConnectionFactory factory) {
        factory.setConfirmationWindowSize(1 << 20);
        // A call made while the connection fails over (broker gone) gives up after this instead of Artemis' 30 s:
        // the message waits in the node's outbox, and its submitter is answered promptly.
        factory.setCallFailoverTimeout(FAILOVER_WAIT_MILLIS);
        factory.setCallTimeout(FAILOVER_WAIT_MILLIS);
        return factory;
    }

    private final ConnectionFactory factory;
    private final BlockingQueue<Lane> idle = new LinkedBlockingQueue<>();
    private Connection connection;
    private boolean closed;
    private volatile java.time.Instant unavailableSince;

    public BrokerSender(ConnectionFactory factory) {
        this.factory = factory;
    }

    /** Sends all and waits until the broker has stored each one; throws if any was not. */
    public void sendAll(List<Outbound> messages) {
        sendAll(messages, java.time.Duration.ofSeconds(CONFIRM_SECONDS));
    }

    /**
     * As {@link #sendAll(List)}, waiting at most {@code wait} for the broker's confirmations; a broker that has
     * not confirmed by then counts as unavailable (the messages may still arrive: their duplicate ids make a
     * later resend harmless).
     */
    public void sendAll(List<Outbound> messages, java.time.Duration wait) {
        Lane lane = borrow();
        boolean healthy = true;
        try {
            List<CompletableFuture<Void>> confirmed = new ArrayList<>(messages.size());
            for (Outbound out : messages) {
                confirmed.add(lane.send(out));
            }
            // A confirmation that never comes must fail the exchange (and roll it back), not hang it.
            CompletableFuture.allOf(confirmed.toArray(CompletableFuture[]::new)).orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).join();
            unavailableSince = null;
        } catch (CompletionException e) {
            healthy = false;
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw failure(cause instanceof java.util.concurrent.TimeoutException
                    ? "the broker did not confirm within " + wait.toSeconds() + " s that it stored the message: "
                    : "the broker did not store the message: ", cause);
        } catch (JMSException | RuntimeException e) {
            healthy = false;
            throw failure("cannot send to the broker: ", e);
        } finally {
            giveBack(lane, healthy);
        }
    }

    private Lane borrow() {
        Lane lane = idle.poll();
        if (lane != null) {
            return lane;
        }
        try {
            return new Lane(connection().createSession(false, Session.AUTO_ACKNOWLEDGE));
        } catch (JMSException e) {
            // Not a refusal of a message, even when the login is refused: during a key rotation the broker may still
            // see the old certificate for a moment; the message waits in the outbox and is sent on the next try.
            failure("cannot open a session to the broker: ", e);
            throw new NodeUnavailableException("cannot open a session to the broker: " + e.getMessage(), e);
        }
    }

    /**
     * A refusal (the broker's authorisation said no: a rule or a bug, a retry will not help) stays an
     * {@link IllegalStateException}; anything else (connection lost, broker down, no confirmation in
     * time) means the broker is unavailable for now.
     */
    private IllegalStateException failure(String what, Throwable cause) {
        if ((cause instanceof JMSSecurityException || cause instanceof jakarta.jms.JMSSecurityRuntimeException)
                && !isAuthenticationFailure(cause)) {
            return new IllegalStateException(what + cause.getMessage(), cause);
        }
        if (unavailableSince == null && isOutage(cause)) {
            unavailableSince = java.time.Instant.now();
        }
        return cause instanceof NodeUnavailableException unavailable ? unavailable
                : new NodeUnavailableException(what + cause.getMessage(), cause);
    }

    /**
     * The broker did not accept this node's certificate (Artemis' AMQ229031), as against refusing it an address:
     * during a key rotation the connection may still present the old certificate for a moment, so the message
     * waits in the outbox for the reconnection instead of being refused for good.
     */
    private static boolean isAuthenticationFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("AMQ229031")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a failure says the broker cannot be reached (no connection, a call unblocked by a failover, no
     * confirmation in time) rather than that it refused this message (a plugin's answer, a size limit).
     */
    private static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof NodeUnavailableException) {
                return true;
            }
            Throwable linked = t instanceof JMSException jms ? jms.getLinkedException() : null;
            for (Throwable a : new Throwable[] {t, linked}) {
                if (a instanceof org.apache.activemq.artemis.api.core.ActiveMQException amq) {
                    switch (amq.getType()) {
                        case NOT_CONNECTED, UNBLOCKED, CONNECTION_TIMEDOUT, DISCONNECTED, OBJECT_CLOSED -> {
                            return true;
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * Since when the broker has not been taking this node's messages (its last send failed for a reason other
     * than a refusal); empty once a send succeeded again. Lets a submitter be answered at once while the broker
     * is away instead of waiting for another timeout.
     */
    /** The broker took a send but did not confirm it in time (blocked: out of disk): count it away until a send succeeds. */
    public void markUnavailable() {
        if (unavailableSince == null) {
            unavailableSince = java.time.Instant.now();
        }
    }

    public java.util.Optional<java.time.Instant> unavailableSince() {
        return java.util.Optional.ofNullable(unavailableSince);
    }

    private void giveBack(Lane lane, boolean healthy) {
        synchronized (this) {
            if (healthy && !closed) {
                idle.add(lane);
                return;
            }
        }
        lane.close();
        if (!healthy) {
            dropConnection(); // a failed connection is reopened on the next send, not reused
        }
    }

    private synchronized Connection connection() throws JMSException {
        if (closed) {
            throw new NodeUnavailableException("the node is shutting down", null);
        }
        if (connection == null) {
            connection = factory.createConnection();
            connection.start();
        }
        return connection;
    }

    private synchronized void dropConnection() {
        Lane lane;
        while ((lane = idle.poll()) != null) {
            lane.close();
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // already broken; a new one is opened on the next send
            }
            connection = null;
        }
    }

    /** Closes the connection and its idle sessions; the next send opens a new one (the node's broker identity changed). */
    public void reconnect() {
        dropConnection();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        dropConnection();
    }

    /**
     * A session with its anonymous producer and the destinations it has sent to. A destination is made
     * once per session and kept: looking one up by name asks the broker about it (a round trip per
     * send otherwise), and the JMS client checks a destination with the broker only the first time it
     * sends to that object.
     */
    private static final class Lane {
        private final Session session;
        private final MessageProducer producer;
        private final java.util.Map<String, Destination> destinations = new java.util.HashMap<>();

        Lane(Session session) throws JMSException {
            this.session = session;
            this.producer = session.createProducer(null);
            this.producer.setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
        }

        CompletableFuture<Void> send(Outbound out) throws JMSException {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(out.body());
            for (Map.Entry<String, String> p : out.properties().entrySet()) {
                message.setStringProperty(p.getKey(), p.getValue());
            }
            Destination destination = destinations.computeIfAbsent(out.address(), address -> BusAddresses.isMulticast(address)
                    ? org.apache.activemq.artemis.jms.client.ActiveMQDestination.createTopic(address)
                    : org.apache.activemq.artemis.jms.client.ActiveMQDestination.createQueue(address));
            CompletableFuture<Void> stored = new CompletableFuture<>();
            producer.send(destination, message, new CompletionListener() {
                @Override
                public void onCompletion(Message m) {
                    stored.complete(null);
                }

                @Override
                public void onException(Message m, Exception e) {
                    stored.completeExceptionally(e);
                }
            });
            return stored;
        }

        void close() {
            try {
                session.close();
            } catch (JMSException ignored) {
                // closing a broken session: nothing to save
            }
        }
    }
}
