package eu.bus.replay;

import eu.bus.broker.BrokerTransport;
import eu.bus.broker.BusAddresses;
import eu.bus.broker.WireProperties;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.message.HeaderCodec;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Puts replayed messages on the node's replay queue ({@code bus.NODE.replay}) for its reprocessing system: each the
 * protected bytes as archived (the broker still holds only ciphertext; the reprocessing system opens them with the
 * node's keys), marked with {@code busReplay=true} and what it replays. No gateway reads that queue and the broker lets
 * only the node use it, so no live receiver takes a replay for a new message. Each is sent after its REPLAYED record
 * is durable, and confirmed by the broker before the next.
 */
public final class ReplayToQueue implements ReplaySink {

    private final ActiveMQConnectionFactory factory;
    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final String node;
    private final Instant at;

    /** Connects to the broker at {@code host:port} as {@code node} (its signing key store is its TLS identity). */
    public ReplayToQueue(String host, int port, Path pki, String node, Instant at) {
        this.node = node;
        this.at = at;
        this.factory = BrokerTransport.factory(host, port, ProtectedKeyStore.ofNode(pki, node, KeyPurpose.SIGNING),
                pki.resolve("ca.pem"));
        try {
            connection = factory.createConnection();
            // Not transacted: each send blocks until the broker confirms it (or says why not), so none is lost unseen.
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(session.createQueue(BusAddresses.replay(node)));
        } catch (JMSException e) {
            factory.close();
            throw new IllegalStateException("cannot put replays on " + BusAddresses.replay(node) + " at " + host + ":" + port
                    + " as " + node + ": " + e.getMessage() + "; is the broker up (bus broker, or bus run)?", e);
        }
    }

    @Override
    public void write(ArchiveReplay.Outcome outcome) {
        RecordedReception r = outcome.message().recorded();
        try {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(outcome.protectedBytes());
            message.setStringProperty(WireProperties.REPLAY, "true");
            message.setStringProperty(WireProperties.REPLAY_OF, r.messageId().toString());
            message.setStringProperty(WireProperties.REPLAY_HEADER, HeaderCodec.toJson(outcome.header()).toString());
            message.setStringProperty(WireProperties.REPLAY_RECEIVED_AT, r.receivedAt().toString());
            message.setStringProperty(WireProperties.REPLAY_DIGEST, r.digest());
            message.setStringProperty(WireProperties.REPLAYED_AT, at.toString());
            producer.send(message); // blocks until the broker has it durably, or throws its refusal
        } catch (JMSException e) {
            throw new IllegalStateException("cannot put the replay of " + r.messageId() + " on " + BusAddresses.replay(node)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException e) {
            // closing: nothing left to keep
        } finally {
            factory.close();
        }
    }
}
