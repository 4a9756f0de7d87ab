package eu.bus.timeline;

import eu.bus.audit.AuditEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * One step of a case's exchanges, from one node's audit log: who did what, when, to which message, and the
 * record's own words (to whom, from whom, why refused).
 */
public record TimelineEntry(Instant time, String node, AuditEvent event, String messageType, UUID messageId, String detail) {
}
