package eu.bus.operator;

import java.time.Instant;

/**
 * A message a node refused on reception, as it waits in the node's dead-letter queue: the refusal and what the
 * broker and the wire said about it. Never the content: the body is only measured and hashed.
 *
 * @param id            the broker's id of this copy (unique in the queue; what show and discard take)
 * @param messageId     the message id the copy claims (may be absent or false: unauthenticated)
 * @param code          the refusal's short code (e.g. unverifiable, policy), or "broker" when the broker moved it
 *                      after its delivery attempts ran out
 * @param reason        why it was refused
 * @param rejectedBy    the node that refused it
 * @param sentBy        the node the broker says put it on the bus (authenticated by the broker)
 * @param claimedHeader the clear header it carried, as claimed (JSON text), or null
 * @param size          the body's size in bytes
 * @param digest        SHA-256 of the body, or null when not computed (lists)
 * @param at            when the refusal reached the dead-letter queue
 */
public record ReceivedDeadLetter(String id, String messageId, String code, String reason, String rejectedBy, String sentBy,
                                 String claimedHeader, long size, String digest, Instant at) {
}
