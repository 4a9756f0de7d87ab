package eu.bus.operator;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One line of {@code bus messages list}: a message a node sent or received, and where it stands.
 *
 * @param direction  "sent" or "received"
 * @param at         when it was submitted (sent) or received
 * @param sender     the sender of a received message (from its archived, authenticated header), or this node
 * @param recipients where a sent message stands at each recipient; empty for a received one
 * @param detail     why a received message was dead-lettered, else null
 */
public record MessageEntry(UUID messageId, String direction, String status, String messageType, String caseId, Instant at,
                           String sender, Map<String, String> recipients, String detail) {

    public static final String SENT = "sent";
    public static final String RECEIVED = "received";
}
