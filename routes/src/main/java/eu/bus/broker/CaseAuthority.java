package eu.bus.broker;

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
        if (!isRetry(change)) {
            CaseChangeRefusal refusal = refusal(node, change);
            if (refusal != null) {
                return Optional.of(refusal);
            }
        }
        cases.set(change.caseId(), change.participants(), change.messageId(), change.kind() == CaseChange.Kind.CLOSE);
        return Optional.empty();
    }

    /** The same lifecycle message again, with the same outcome: a resubmission after a crash between its steps. */
    private boolean isRetry(CaseChange change) {
        return change.messageId().equals(cases.lastChange(change.caseId()))
                && cases.participants(change.caseId()).equals(change.participants());
    }

    private CaseChangeRefusal refusal(String node, CaseChange change) {
        String caseId = change.caseId();
        Set<String> unknown = new TreeSet<>(change.participants());
        unknown.removeIf(knownNode);
        if (!unknown.isEmpty()) {
            return new CaseChangeRefusal("known-recipient", "case " + caseId + " names nodes the bus does not know: " + unknown);
        }
        if (cases.isClosed(caseId)) {
            return new CaseChangeRefusal("case-closed", "case " + caseId + " was closed by message " + cases.lastChange(caseId)
                    + " and takes no more changes; open a new case and refer to this one");
        }
        if (change.kind() == CaseChange.Kind.OPEN) {
            if (cases.exists(caseId)) {
                return new CaseChangeRefusal("case-exists", "case " + caseId + " is already open (by message "
                        + cases.lastChange(caseId) + "); send a case-update to change it");
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
