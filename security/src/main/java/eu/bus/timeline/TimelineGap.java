package eu.bus.timeline;

import java.util.UUID;

/**
 * Something the logs say should have happened and did not (in the logs given): a copy sent and never received, a
 * message received and never receipted, a receipt that never reached the sender.
 */
public record TimelineGap(UUID messageId, String messageType, String sender, String recipient, String what) {
}
