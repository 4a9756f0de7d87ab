package eu.bus.witnessing;

import eu.bus.broker.WireProperties;
import eu.bus.witness.WitnessResponse;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers a node waits for from its witnesses: each request has an id, and only an answer that repeats it,
 * sent by the witness the request went to (the broker vouches for the sender), completes it. Anything else on the
 * node's witness queue (a late answer, another node's noise) is dropped: a cosignature proves itself, so
 * nothing is lost by ignoring one. Answers are told from requests on that queue by their status property.
 */
final class WitnessAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(WitnessAnswers.class);
    /** An answer is a few signature lines; anything larger is not one. */
    static final int MAX_ANSWER_BYTES = 16 * 1024;

    private record Pending(String witness, CompletableFuture<WitnessResponse> answer) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    CompletableFuture<WitnessResponse> expect(String requestId, String witness) {
        CompletableFuture<WitnessResponse> answer = new CompletableFuture<>();
        pending.put(requestId, new Pending(witness, answer));
        return answer;
    }

    void forget(String requestId) {
        pending.remove(requestId);
    }

    /** Whether a message on the witness queue is an answer (it has a status), not a request. */
    static boolean isAnswer(Message message) throws JMSException {
        return message.propertyExists(WireProperties.WITNESS_STATUS);
    }

    /** One answer from the node's witness queue; never throws for what it holds. */
    void accept(Message message) throws JMSException {
        String id = message.getStringProperty(WireProperties.WITNESS_REQUEST);
        String sender = message.getStringProperty(WireProperties.SENDER);
        Pending waiting = id == null ? null : pending.get(id);
        if (waiting == null || !waiting.witness().equals(sender)) {
            LOG.debug("an answer from {} to request {} that nobody waits for was dropped", sender, id);
            return;
        }
        String status = message.getStringProperty(WireProperties.WITNESS_STATUS);
        if (!(message instanceof BytesMessage bytes) || status == null || !status.matches("[1-5][0-9]{2}")
                || bytes.getBodyLength() > MAX_ANSWER_BYTES) {
            LOG.warn("witness {} sent an answer that is not one (no status, not bytes, or over {} bytes); dropped",
                    sender, MAX_ANSWER_BYTES);
            return;
        }
        byte[] body = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(body);
        pending.remove(id);
        waiting.answer().complete(new WitnessResponse(Integer.parseInt(status), new String(body, StandardCharsets.UTF_8)));
    }
}
