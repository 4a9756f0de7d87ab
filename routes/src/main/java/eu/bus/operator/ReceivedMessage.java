package eu.bus.operator;

import java.time.Instant;
import java.util.UUID;

/**
 * A message a node received and authenticated, as its audit log records it.
 *
 * @param status  RECEIVED (authenticated, not yet delivered or refused), DELIVERED or DEAD_LETTERED
 * @param digest  SHA-256 of the protected bytes, which name its archived copy
 * @param detail  the refusal's reason when dead-lettered, else null
 */
public record ReceivedMessage(UUID messageId, String messageType, String caseId, Instant receivedAt, String status,
                              String digest, String detail) {

    public static final String RECEIVED = "RECEIVED";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD_LETTERED = "DEAD_LETTERED";

    ReceivedMessage withStatus(String next, String why) {
        return new ReceivedMessage(messageId, messageType, caseId, receivedAt, next, digest, why);
    }
}
