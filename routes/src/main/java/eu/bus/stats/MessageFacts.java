package eu.bus.stats;

import java.time.Instant;
import java.util.List;

/**
 * What statistics read of one message: header codes and the pseudonymous fields of its payload. Free text (titles,
 * summaries, notes, descriptions) is never read.
 *
 * @param inReplyTo   the request an assistance response answers, or null
 * @param fromCountry the referring country of a victim referral, or null
 */
record MessageFacts(String messageId, String messageType, Instant createdAt, String caseId, String inReplyTo,
                    String fromCountry, List<VictimFacts> victims) {
}
