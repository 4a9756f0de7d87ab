package eu.bus.operator;

import eu.bus.audit.Sha256;
import eu.bus.broker.BusAddresses;
import eu.bus.broker.WireProperties;
import eu.bus.exchange.NodeUnavailableException;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One node's dead-letter queue on the broker, read with the node's own certificate (the broker lets a node
 * browse and consume only its own): browsed without removing anything, and one copy taken at a time.
 */
public final class DeadLetterQueue {

    /** What one listing shows at most; the rest stays on the broker and shows once these are dealt with. */
    public static final int MAX_LISTED = 1_000;
    private static final String JMS_ID_PREFIX = "ID:";
    private static final long TAKE_WAIT_MS = 5_000;

    private final ConnectionFactory connections;
    private final String node;

    public DeadLetterQueue(ConnectionFactory connections, String node) {
        this.connections = connections;
        this.node = node;
    }

    public String address() {
        return BusAddresses.deadLetter(node);
    }

    /** The copies waiting, oldest first, without their digests (bodies are measured, not read). */
    public List<ReceivedDeadLetter> browse() {
        return withSession(session -> {
            List<ReceivedDeadLetter> out = new ArrayList<>();
            try (QueueBrowser browser = session.createBrowser(queue(session))) {
                Enumeration<?> e = browser.getEnumeration();
                while (e.hasMoreElements() && out.size() < MAX_LISTED) {
                    out.add(read((Message) e.nextElement(), false));
                }
            }
            return out;
        });
    }

    /** The copy with this broker id, or else the only copy claiming this message id; with its digest. */
    public Optional<ReceivedDeadLetter> find(UUID id) {
        return withSession(session -> {
            for (String selector : selectors(id)) {
                List<ReceivedDeadLetter> found = new ArrayList<>();
                try (QueueBrowser browser = session.createBrowser(queue(session), selector)) {
                    Enumeration<?> e = browser.getEnumeration();
                    while (e.hasMoreElements()) {
                        found.add(read((Message) e.nextElement(), true));
                    }
                }
                if (found.size() == 1) {
                    return Optional.of(found.get(0));
                }
                if (found.size() > 1) {
                    throw OperatorRefusal.conflict("ambiguous-id", found.size() + " dead letters of " + node + " claim message id "
                            + id + "; name one by its dead-letter id: " + String.join(", ", found.stream().map(ReceivedDeadLetter::id).toList()));
                }
            }
            return Optional.empty();
        });
    }

    /**
     * Removes exactly the copy with this broker id: {@code beforeRemoval} runs (the audit record) before the
     * removal is committed, so a failure there leaves the copy in the queue. Empty if it is no longer there.
     */
    public Optional<ReceivedDeadLetter> take(String id, Consumer<ReceivedDeadLetter> beforeRemoval) {
        UUID brokerId = UUID.fromString(id);
        return withTransactedSession(session -> {
            try (MessageConsumer consumer = session.createConsumer(queue(session), byBrokerId(brokerId))) {
                Message m = consumer.receive(TAKE_WAIT_MS);
                if (m == null) {
                    session.rollback();
                    return Optional.empty();
                }
                ReceivedDeadLetter taken = read(m, true);
                try {
                    beforeRemoval.accept(taken);
                } catch (RuntimeException e) {
                    session.rollback();
                    throw e;
                }
                session.commit();
                return Optional.of(taken);
            }
        });
    }

    private static List<String> selectors(UUID id) {
        // Both built from a parsed UUID: nothing of the request reaches the selector as text.
        return List.of(byBrokerId(id), WireProperties.MESSAGE_ID + " = '" + id + "'");
    }

    private static String byBrokerId(UUID id) {
        return "JMSMessageID = '" + JMS_ID_PREFIX + id + "'";
    }

    private Queue queue(Session session) throws JMSException {
        return session.createQueue(address());
    }

    private ReceivedDeadLetter read(Message m, boolean withDigest) throws JMSException {
        String jmsId = m.getJMSMessageID();
        String id = jmsId != null && jmsId.startsWith(JMS_ID_PREFIX) ? jmsId.substring(JMS_ID_PREFIX.length()) : jmsId;
        String code = m.getStringProperty(WireProperties.REJECT_CODE);
        String reason = m.getStringProperty(WireProperties.REJECT_REASON);
        if (code == null) {
            // Not written by the gateway: the broker moved it here once its delivery attempts ran out.
            code = "broker";
            reason = "moved here by the broker after the maximum delivery attempts"
                    + Optional.ofNullable(m.getStringProperty("_AMQ_ORIG_ADDRESS")).map(a -> " on " + a).orElse("");
        }
        String sentBy = Optional.ofNullable(m.getStringProperty(WireProperties.REJECTED_FROM))
                .orElse(m.getStringProperty(WireProperties.SENDER));
        long size = 0;
        String digest = null;
        if (m instanceof BytesMessage bytes) {
            size = bytes.getBodyLength();
            if (withDigest) {
                byte[] body = new byte[(int) size];
                bytes.readBytes(body);
                digest = Sha256.hex(body);
            }
        }
        return new ReceivedDeadLetter(id, m.getStringProperty(WireProperties.MESSAGE_ID), code, reason,
                Optional.ofNullable(m.getStringProperty(WireProperties.REJECTED_BY)).orElse(node), sentBy,
                m.getStringProperty(WireProperties.HEADER), size, digest,
                m.getJMSTimestamp() == 0 ? null : Instant.ofEpochMilli(m.getJMSTimestamp()));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Session session) throws JMSException;
    }

    private <T> T withSession(Work<T> work) {
        return inSession(false, work);
    }

    private <T> T withTransactedSession(Work<T> work) {
        return inSession(true, work);
    }

    private <T> T inSession(boolean transacted, Work<T> work) {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            try (Session session = connection.createSession(transacted, transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE)) {
                return work.run(session);
            }
        } catch (jakarta.jms.JMSSecurityException e) {
            // Not an outage: the broker refuses these credentials this queue (only its node may read it).
            throw new IllegalStateException("the broker refuses to let these credentials read " + address() + ": "
                    + e.getMessage(), e);
        } catch (JMSException e) {
            throw new NodeUnavailableException("cannot read " + address() + " on the broker: " + e.getMessage(), e);
        }
    }
}
