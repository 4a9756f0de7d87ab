package eu.bus.broker;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;

/**
 * This broker's record of a case decided at another site's broker: a case-open, -update or -close that a link hands
 * over carries the decision of the sender's broker ({@link CaseDecision}), and this broker takes that decision into
 * its own {@link CaseParticipants}, so that its nodes among the participants may follow the case here and the
 * participants at other sites get what its nodes publish ({@link CaseSubscriptions}). Each broker decides the changes
 * of its own nodes ({@link CaseAuthority}) and continues the case's sequence from its record.
 * <p>
 * The decision is the word of the sender's broker, which a link may hand over only for nodes of its own site (or
 * any registered node's, from a hub: {@link SenderIntegrityPlugin}). What this broker checks before it takes it:
 * the decision is there and is of the message's kind, an opening names its sender as lead and participant, and it
 * does not name another lead than the one on record. A decision no later than the record's (another copy of the
 * same message for another participant here, or one overtaken) changes nothing. Each node checks the decision again
 * against the case rules and the sender's signature before it applies it to its own view (docs/EXCHANGE.md).
 */
final class LinkedCaseDecisions {

    private final CaseParticipants cases;

    LinkedCaseDecisions(CaseParticipants cases) {
        this.cases = cases;
    }

    /**
     * Takes the decision stamped on a lifecycle message the link of {@code site} hands over, or refuses the message.
     *
     * @param stamp the {@link CaseDecision#PROPERTY} as the message carries it; null when it carries none
     */
    void take(String site, String sender, String caseId, String messageId, CaseChange.Kind kind, String headerDigest,
              String stamp) throws ActiveMQSecurityException {
        String what = "the " + kind.name().toLowerCase(Locale.ROOT) + " of case " + caseId + " from " + sender
                + " that the link of site " + site;
        CaseDecision decision = CaseDecision.parse(stamp).orElseThrow(() -> new ActiveMQSecurityException(what
                + " hands over carries no decision of its broker (" + CaseDecision.PROPERTY + "): only a change a broker"
                + " decided goes to an inbox"));
        if (decision.kind() != kind) {
            throw new ActiveMQSecurityException(what + " hands over carries the decision of a " + decision.kind());
        }
        if (kind == CaseChange.Kind.OPEN && (!sender.equals(decision.lead()) || !decision.participants().contains(sender))) {
            throw new ActiveMQSecurityException(what + " hands over is not led by its sender, as an opening must be");
        }
        synchronized (cases) {
            String lead = cases.lead(caseId);
            if (lead != null && !lead.equals(decision.lead())) {
                throw new ActiveMQSecurityException(what + " hands over names " + decision.lead() + " as lead; the case's"
                        + " lead is " + lead);
            }
            if (decision.seq() <= cases.seq(caseId)) {
                return; // another copy of a decision on record, or one a later decision overtook
            }
            Set<String> after = new TreeSet<>(decision.participants());
            cases.set(caseId, after, new CaseParticipants.Change(messageId, sender, kind, after, headerDigest, null,
                    decision.seq()), decision.lead());
        }
    }
}
