package eu.bus.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.Sha256;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import eu.bus.policy.PolicyViolation;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a message id this node already used for other content. The broker's duplicate detection
 * would otherwise drop the second message silently (same id, same sender), so the submitter would
 * be told "sent" for a message nobody receives. The same content again is an idempotent retry: a
 * message already on the broker is not sent twice; one whose earlier attempt stopped before the
 * broker took it is sent again. The content digest is kept in the SUBMITTED status change.
 */
final class MessageIdReuse {

    /** What a submitted id turned out to be. */
    enum Verdict { NEW, RETRY_UNSENT, RETRY_SENT }

    static final String RULE = "message-id-reused";
    private static final String CONTENT = "content sha256 ";

    private final StatusStore status;
    private final Set<UUID> inProgress = ConcurrentHashMap.newKeySet();

    MessageIdReuse(StatusStore status) {
        this.status = status;
    }

    /**
     * What "the same content" means: SHA-256 of the header without createdAt, and the payload bytes. A
     * retry may carry a new createdAt (a repeated forward does: its id is derived from the original's).
     */
    static String digest(MessageHeader header, byte[] payload) {
        ObjectNode fields = (ObjectNode) HeaderCodec.toJson(header);
        fields.remove("createdAt");
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        try {
            both.writeBytes(Json.mapper().writeValueAsBytes(fields));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        both.write('\n');
        both.writeBytes(payload);
        return Sha256.hex(both.toByteArray());
    }

    /** The detail of the SUBMITTED status change, naming the content digest. */
    static String submittedDetail(String digest) {
        return CONTENT + digest;
    }

    /**
     * Claims the id for this submission, or throws {@link PolicyViolation} ({@value #RULE}) when it names
     * other content or a submission still in progress. Every claim must be
     * ended with {@link #release} once the submission has recorded its status or failed.
     */
    Verdict claim(MessageHeader header, String digest) {
        UUID id = header.messageId();
        if (!inProgress.add(id)) {
            throw reused(id, "a submission with this id is in progress right now; retry once it has finished");
        }
        try {
            return judge(id, digest);
        } catch (RuntimeException e) {
            inProgress.remove(id);
            throw e;
        }
    }

    void release(UUID id) {
        inProgress.remove(id);
    }

    private Verdict judge(UUID id, String digest) {
        List<StatusStore.Change> history = status.history(id);
        if (history.isEmpty()) {
            // Ids of other senders do not collide: the broker scopes duplicate detection, and receivers their
            // replay protection, to the sender, so an id this node received from another node is still free.
            return Verdict.NEW;
        }
        Optional<String> earlier = history.stream().filter(c -> c.status() == MessageStatus.SUBMITTED)
                .map(StatusStore.Change::detail).filter(d -> d != null && d.startsWith(CONTENT)).findFirst();
        if (earlier.isEmpty() || !earlier.get().equals(submittedDetail(digest))) {
            throw reused(id, "this node already sent a different message with this id (status "
                    + StatusStore.currentOf(history).map(Enum::name).orElse("?") + ")");
        }
        return StatusStore.currentOf(history).orElseThrow() == MessageStatus.SUBMITTED ? Verdict.RETRY_UNSENT : Verdict.RETRY_SENT;
    }

    private static PolicyViolation reused(UUID id, String why) {
        return new PolicyViolation(RULE, "message id " + id + " is already used: " + why + "; the broker would drop a second "
                + "message with the same id, so give a new message a new messageId (bus submit --fresh does)");
    }
}
