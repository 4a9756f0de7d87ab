package eu.bus.broker;

import eu.bus.message.CaseId;
import eu.bus.policy.PolicyViolation;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This broker's record of a case decided at another site's broker: a case-open, -update or -close that a link hands
 * over carries the decision of the sender's broker ({@link CaseDecision}), and this broker takes that decision into
 * its own {@link CaseParticipants}, so that its nodes among the participants may follow the case here and the
 * participants at other sites get what its nodes publish ({@link CaseSubscriptions}). Each broker decides the changes
 * of its own nodes ({@link CaseAuthority}) and continues the case's sequence from its record.
 * <p>
 * The decision is the word of the sender's broker, which a link may hand over only for nodes of its own site (or
 * any registered node's, from a hub: {@link SenderIntegrityPlugin}). A message no broker of the bus would send is
 * refused: no decision, a decision of another kind, an opening not led by its sender. Refusing stalls the link's
 * queue for that recipient until the message is removed at the sending site, so what a correct broker may send in a
 * race is delivered and not taken instead (its recipients check it themselves, docs/EXCHANGE.md): a decision naming
 * another lead than this broker has on record (two sites opened one case id at once), and the next change of the
 * case, or an opening, that breaks the case rules on this broker's record (the records went apart when two brokers
 * decided a change at once; a node another site's registry knows and this one's not yet). A decision no later than
 * the record's (another copy for another participant here, or one a later decision overtook) changes nothing. An
 * update or close of a case this broker has no record of, or that skips changes it did not see, is taken as it
 * comes: there is nothing to check it against.
 */
final class LinkedCaseDecisions {

    private static final Logger LOG = LoggerFactory.getLogger(LinkedCaseDecisions.class);

    private final CaseParticipants cases;
    private final CaseRules rules;

    LinkedCaseDecisions(CaseParticipants cases, CaseRules rules) {
        this.cases = cases;
        this.rules = rules;
    }

    /**
     * Takes the decision stamped on a lifecycle message the link of {@code site} hands over, or refuses the message.
     *
     * @param stamp the {@link CaseDecision#PROPERTY} as the message carries it; null when it carries none
     */
    void take(String site, String sender, String caseId, String messageId, CaseChange.Kind kind, String headerDigest,
              String stamp) throws ActiveMQSecurityException {
        String what = "the " + kind.name().toLowerCase(Locale.ROOT) + " of case " + caseId + " from " + sender
                + " that the link of site " + site + " hands over";
        CaseDecision decision = CaseDecision.parse(stamp).orElseThrow(() -> new ActiveMQSecurityException(what
                + " carries no decision of its broker (" + CaseDecision.PROPERTY + "): only a change a broker decided goes"
                + " to an inbox"));
        if (!CaseId.isValid(caseId)) {
            // It would become a topic address here, where "#" reaches every case; no broker decides on such an id.
            throw new ActiveMQSecurityException(what + ": '" + caseId + "' is not a case id");
        }
        if (decision.kind() != kind) {
            throw new ActiveMQSecurityException(what + " carries the decision of a " + decision.kind());
        }
        if (kind == CaseChange.Kind.OPEN && (!sender.equals(decision.lead()) || !decision.participants().contains(sender))) {
            throw new ActiveMQSecurityException(what + " is not led by its sender, as an opening must be");
        }
        synchronized (cases) {
            long seq = cases.seq(caseId);
            if (decision.seq() <= seq) {
                return;
            }
            String lead = cases.lead(caseId);
            if (lead != null && !lead.equals(decision.lead())) {
                LOG.warn("{} names {} as lead, but this broker has {} on record: delivered, not taken", what, decision.lead(), lead);
                return;
            }
            // The next change of a case on record, or the opening of one that is not: checked as this broker would decide it.
            if (cases.exists(caseId) ? decision.seq() == seq + 1 : kind == CaseChange.Kind.OPEN) {
                try {
                    rules.check(new CaseRules.Proposal(caseId, kind, sender, decision.participants()), cases.state(caseId));
                } catch (PolicyViolation v) {
                    LOG.warn("{} breaks the case rules on this broker's record ({}: {}): delivered, not taken", what, v.rule(),
                            v.getMessage());
                    return;
                }
            }
            Set<String> after = new TreeSet<>(decision.participants());
            cases.set(caseId, after, new CaseParticipants.Change(messageId, sender, kind, after, headerDigest, null,
                    decision.seq()), decision.lead());
        }
    }
}
