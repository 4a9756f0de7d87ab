package eu.bus.broker;

import eu.bus.keys.NodeRole;
import eu.bus.policy.PolicyViolation;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The rules of case participation, in one place: the broker decides every change with them
 * ({@link CaseAuthority}), a gateway refuses early with them on its own view of the case, and a
 * receiver re-checks a lifecycle message with them before it changes its view. Who may open, update
 * and close; who may take part; how small a case may be. The codes are the rule names every place
 * reports.
 * <ul>
 *   <li>only national units and agencies run cases and take part in them (a national team takes part
 *       through its unit; auditors read logs);</li>
 *   <li>a case has at least {@value #MIN_PARTICIPANTS} participants, its lead among them;</li>
 *   <li>the node that opens a case is its lead; only the lead adds or removes participants and closes
 *       the case, and it cannot be removed; any other participant may only leave (remove itself);</li>
 *   <li>a closed case takes no change; an update or close needs an open case.</li>
 * </ul>
 */
public final class CaseRules {

    public static final int MIN_PARTICIPANTS = 2;

    /** A case as the judge knows it (the broker's record, or a node's view); {@code lead} null when unknown. */
    public record CaseState(boolean exists, boolean closed, String lead, Set<String> participants) {

        public static final CaseState NONE = new CaseState(false, false, null, Set.of());

        public CaseState {
            participants = Set.copyOf(participants);
        }
    }

    /** A change someone asks for: the complete participants after it. */
    public record Proposal(String caseId, CaseChange.Kind kind, String requester, Set<String> after) {

        public Proposal {
            after = Set.copyOf(new TreeSet<>(after));
        }
    }

    private final Predicate<String> knownNode;

    /** @param knownNode whether a node id is in the registry */
    public CaseRules(Predicate<String> knownNode) {
        this.knownNode = knownNode;
    }

    /** Throws {@link PolicyViolation} naming the first rule the change breaks on {@code current}. */
    public void check(Proposal change, CaseState current) {
        String caseId = change.caseId();
        String requester = change.requester();
        requireRunsCases(requester);
        Set<String> unknown = new TreeSet<>(change.after());
        unknown.removeIf(knownNode);
        if (!unknown.isEmpty()) {
            throw new PolicyViolation("known-recipient", "case " + caseId + " names nodes the bus does not know: " + unknown);
        }
        for (String participant : change.after()) {
            if (!NodeRole.ofNodeId(participant).runsCases()) {
                throw new PolicyViolation("case-participant-role", participant + " cannot take part in case " + caseId
                        + ": only national units and agencies take part in cases (a national team through its unit)");
            }
        }
        // Refusals name no message ids: the requester may be a non-participant probing the case.
        if (current.closed()) {
            throw new PolicyViolation("case-closed", "case " + caseId + " is closed and takes no more changes;"
                    + " open a new case and refer to this one");
        }
        if (change.kind() == CaseChange.Kind.OPEN) {
            checkOpen(change, current);
            return;
        }
        if (!current.exists()) {
            throw new PolicyViolation("case-unknown", "case " + caseId + " is not open; send a case-open first");
        }
        if (!current.participants().contains(requester)) {
            throw new PolicyViolation("case-participant", requester + " is not a participant of case " + caseId
                    + ", so it cannot " + change.kind().name().toLowerCase(Locale.ROOT) + " it");
        }
        if (change.kind() == CaseChange.Kind.CLOSE) {
            requireLead(change, current, "closes");
            return;
        }
        checkUpdate(change, current);
    }

    /** Only national units and agencies run cases (open, update, close, invite to a JIT). */
    public static void requireRunsCases(String node) {
        if (!NodeRole.ofNodeId(node).runsCases()) {
            throw new PolicyViolation("case-running", node + " may not run cases: national units and agencies open, update"
                    + " and close them and invite to joint investigation teams; ask your national unit");
        }
    }

    private static void checkOpen(Proposal change, CaseState current) {
        if (current.exists()) {
            throw new PolicyViolation("case-exists", "case " + change.caseId() + " is already open; send a case-update to"
                    + " change it, or open the new case under another id");
        }
        if (!change.after().contains(change.requester())) {
            throw new PolicyViolation("case-lead-participates", change.requester() + " opens case " + change.caseId()
                    + " but is not among its participants; add it with role LEAD");
        }
        requireEnough(change);
    }

    private static void checkUpdate(Proposal change, CaseState current) {
        String lead = current.lead();
        if (lead != null && !change.after().contains(lead)) {
            throw new PolicyViolation("case-lead", "the lead " + lead + " of case " + change.caseId()
                    + " cannot be removed from it; close the case instead");
        }
        if (lead != null && !lead.equals(change.requester()) && !change.after().equals(current.participants())) {
            Set<String> leaving = new TreeSet<>(current.participants());
            leaving.remove(change.requester());
            if (!change.after().equals(leaving)) {
                throw new PolicyViolation("case-lead", "only the lead " + lead + " of case " + change.caseId()
                        + " adds or removes participants; " + change.requester() + " may only leave the case");
            }
        }
        requireEnough(change);
    }

    private static void requireLead(Proposal change, CaseState current, String action) {
        if (current.lead() != null && !current.lead().equals(change.requester())) {
            throw new PolicyViolation("case-lead", "only the lead " + current.lead() + " " + action + " case " + change.caseId()
                    + ", not " + change.requester());
        }
    }

    private static void requireEnough(Proposal change) {
        if (change.after().size() < MIN_PARTICIPANTS) {
            throw new PolicyViolation("case-participants", "case " + change.caseId() + " would have " + change.after().size()
                    + " participant(s); a case needs at least " + MIN_PARTICIPANTS + " (its lead and another unit or agency);"
                    + " close it instead");
        }
    }
}
