package eu.bus.broker;

import eu.bus.keys.NodeRole;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The broker's decisions on case changes, made one at a time so that check and change are one step:
 * of two nodes opening the same case at once, exactly one succeeds. The requesting node is the one
 * the broker authenticated, never what the message claims.
 */
public final class CaseAuthority {

    private final CaseParticipants cases;
    private final Predicate<String> knownNode;

    public CaseAuthority(CaseParticipants cases, Predicate<String> knownNode) {
        this.cases = cases;
        this.knownNode = knownNode;
    }

    /**
     * Applies the change for {@code node} or returns why not. A retry of the change last made is
     * applied again as it is (no checks: it passed them once), which also completes its subscriptions
     * if the first attempt failed half-way.
     */
    public synchronized Optional<CaseChangeRefusal> apply(String node, CaseChange change) {
        if (!isRetry(node, change)) {
            CaseChangeRefusal refusal = refusal(node, change);
            if (refusal != null) {
                return Optional.of(refusal);
            }
        }
        cases.set(change.caseId(), change.participants(), new CaseParticipants.Change(change.messageId(), node, change.kind()));
        return Optional.empty();
    }

    /**
     * The same lifecycle message again from the node that sent it, with the same kind and outcome: a
     * resubmission after a crash between its steps. Anyone else naming that message id is checked as usual.
     */
    private boolean isRetry(String node, CaseChange change) {
        return cases.last(change.caseId())
                .filter(last -> last.messageId().equals(change.messageId()) && node.equals(last.by()) && last.kind() == change.kind())
                .isPresent()
                && cases.participants(change.caseId()).equals(change.participants());
    }

    private CaseChangeRefusal refusal(String node, CaseChange change) {
        String caseId = change.caseId();
        Set<String> unknown = new TreeSet<>(change.participants());
        unknown.removeIf(knownNode);
        if (!unknown.isEmpty()) {
            return new CaseChangeRefusal("known-recipient", "case " + caseId + " names nodes the bus does not know: " + unknown);
        }
        if (!NodeRole.ofNodeId(node).runsCases()) {
            return new CaseChangeRefusal("case-running", node + " may not open, update or close cases: national units and"
                    + " agencies run cases");
        }
        // Refusals name no message ids: the requester may be a non-participant probing the case.
        if (cases.isClosed(caseId)) {
            return new CaseChangeRefusal("case-closed", "case " + caseId + " is closed and takes no more changes;"
                    + " open a new case and refer to this one");
        }
        if (change.kind() == CaseChange.Kind.OPEN) {
            if (cases.exists(caseId)) {
                return new CaseChangeRefusal("case-exists", "case " + caseId + " is already open; send a case-update to change it");
            }
            if (!change.participants().contains(node)) {
                return new CaseChangeRefusal("case-lead-participates", node + " opens case " + caseId
                        + " but is not among its participants");
            }
            return null;
        }
        if (!cases.exists(caseId)) {
            return new CaseChangeRefusal("case-unknown", "case " + caseId + " is not open; send a case-open first");
        }
        if (!cases.isParticipant(caseId, node)) {
            return new CaseChangeRefusal("case-participant", node + " is not a participant of case " + caseId
                    + ", so it cannot " + change.kind().name().toLowerCase(Locale.ROOT) + " it");
        }
        if (!cases.participants(caseId).equals(change.before())) {
            // Another participant changed the case since this node's view was updated: applying this
            // node's complete list would silently undo that change.
            return new CaseChangeRefusal("case-outdated", "case " + caseId + " now has the participants "
                    + new TreeSet<>(cases.participants(caseId)) + ", not " + new TreeSet<>(change.before())
                    + " as " + node + " assumed; wait for the pending case-update to arrive, then resubmit");
        }
        return null;
    }
}
