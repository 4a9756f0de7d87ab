package eu.bus.operator;

import eu.bus.exchange.MessageStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A message a node sent that some recipient refused (DEAD_LETTERED, REJECTED) or that expired unsent: the
 * sender's side of a dead letter, from its status store. Resubmitting protects it again with current keys.
 *
 * @param refusals each refusing recipient (or "*" for the whole message) and why, as its status records it
 */
public record SentRefusal(UUID messageId, MessageStatus status, Instant submittedAt, Map<String, Refusal> refusals) {

    /** One recipient's refusal: its status, when it was recorded, and the reason its negative receipt gave. */
    public record Refusal(MessageStatus status, Instant at, String detail) {
    }

    /** The key of a refusal of the whole message (not of one recipient), e.g. it expired in the outbox. */
    public static final String WHOLE_MESSAGE = "*";
}
