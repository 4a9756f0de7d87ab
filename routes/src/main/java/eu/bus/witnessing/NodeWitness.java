package eu.bus.witnessing;

import eu.bus.broker.BusAddresses;
import eu.bus.broker.WireProperties;
import eu.bus.exchange.BrokerSender;
import eu.bus.keys.NodeId;
import eu.bus.witness.SignedNote;
import eu.bus.witness.Witness;
import eu.bus.witness.WitnessResponse;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node as a witness of the others' audit logs: answers each request on its witness queue with the
 * {@link Witness}'s answer, sent to the witness queue of the node the broker says sent it. Witnessing
 * leaves no audit record: a cosignature would otherwise add a record to the witness's log, which its own witnesses
 * would cosign, adding records to theirs, for ever; the witness's own state ({@code cosigned.log},
 * {@code refused.log}) is its record.
 */
final class NodeWitness {

    private static final Logger LOG = LoggerFactory.getLogger(NodeWitness.class);
    /** A request is a checkpoint, up to 63 proof hashes and a few signatures: well under this. */
    static final int MAX_REQUEST_BYTES = SignedNote.MAX_BYTES + 8 * 1024;

    private final String node;
    private final Witness witness;
    private final BrokerSender sender;

    NodeWitness(String node, Witness witness, BrokerSender sender) {
        this.node = node;
        this.witness = witness;
        this.sender = sender;
    }

    Witness witness() {
        return witness;
    }

    /** One request from the witness queue; what cannot be answered is dropped with a log line, never retried. */
    void answer(Message message) throws JMSException {
        String from = message.getStringProperty(WireProperties.SENDER);
        String id = message.getStringProperty(WireProperties.WITNESS_REQUEST);
        if (!NodeId.isValid(from) || id == null || id.length() > 64) {
            LOG.warn("{} as witness: dropped a request without a valid sender and request id (sender '{}')", node, from);
            return;
        }
        WitnessResponse response;
        if (!(message instanceof BytesMessage bytes) || bytes.getBodyLength() > MAX_REQUEST_BYTES) {
            response = new WitnessResponse(WitnessResponse.BAD_REQUEST, "a witness request is a bytes message of at most "
                    + MAX_REQUEST_BYTES + " bytes\n");
        } else {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            response = witness.addCheckpoint(body);
        }
        if (response.status() != WitnessResponse.OK) {
            LOG.info("{} as witness: refused a checkpoint from {} ({}): {}", node, from, response.status(), response.body().strip());
        }
        sender.sendAll(List.of(new BrokerSender.Outbound(BusAddresses.witness(from),
                response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of(WireProperties.WITNESS_REQUEST, id, WireProperties.WITNESS_STATUS, Integer.toString(response.status())))));
    }
}
