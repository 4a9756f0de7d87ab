package eu.bus.broker;

import eu.bus.policy.PolicyViolation;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The broker's decisions on case changes, made one at a time so that check and change are one step:
 * of two nodes opening the same case at once, exactly one succeeds. The requesting node is the one
 * the broker authenticated, never what the message claims, and its request must carry its signature
 * (with its registered signing certificate) over the change and the lifecycle message's header
 * digest. The rules are {@link CaseRules}; on top of them the broker alone can tell whether the
 * requester saw the current participants ({@code case-outdated}) and whether it stays within the
 * per-node limits ({@code case-limit}).
 */
public final class CaseAuthority {

    /**
     * Per-node bounds: each open adds queues, a participants-file rewrite and a route on every
     * participant, so no node may open cases or change them without limit.
     *
     * @param maxOpenCasesPerNode cases a node may lead that are not closed
     * @param maxChangesPerMinute opens, updates and closes a node may ask for per minute
     */
    public record Limits(int maxOpenCasesPerNode, int maxChangesPerMinute) {
        public static final Limits DEFAULT = new Limits(1_000, 60);
    }

    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final CaseParticipants cases;
    private final CaseRules rules;
    private final Function<String, X509Certificate> signingCertificates;
    private final Limits limits;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recentChanges = new HashMap<>();

    /**
     * @param signingCertificates a node's registered signing certificate, validated now; throws when the
     *                            node has none that is valid
     */
    public CaseAuthority(CaseParticipants cases, CaseRules rules, Function<String, X509Certificate> signingCertificates,
                         Limits limits, Clock clock) {
        this.cases = cases;
        this.rules = rules;
        this.signingCertificates = signingCertificates;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Applies the change for {@code node} or returns why not. A retry of a change already made is
     * applied again as it was (no checks: it passed them once), which also completes its subscriptions
     * if the first attempt failed half-way.
     */
    public Optional<CaseChangeRefusal> apply(String node, CaseChange change) {
        // One at a time with the decisions other sites' brokers hand over too (LinkedCaseDecisions): check and change are one step.
        synchronized (cases) {
            return decide(node, change);
        }
    }

    private Optional<CaseChangeRefusal> decide(String node, CaseChange change) {
        if (!signedBy(node, change)) {
            return Optional.of(new CaseChangeRefusal("case-change-signature", "the change of case " + change.caseId()
                    + " does not carry a valid signature of " + node + "'s registered signing key over the change and the"
                    + " lifecycle message's header digest"));
        }
        Optional<CaseParticipants.Change> retried = retried(node, change);
        if (retried.isPresent()) {
            cases.set(change.caseId(), change.participants(), retried.get());
            return Optional.empty();
        }
        CaseChangeRefusal refusal = refusal(node, change);
        if (refusal != null) {
            return Optional.of(refusal);
        }
        cases.set(change.caseId(), change.participants(), new CaseParticipants.Change(change.messageId(), node, change.kind())
                .decided(change.participants(), change.headerDigest(), change.signature(), 0));
        return Optional.empty();
    }

    private boolean signedBy(String node, CaseChange change) {
        X509Certificate certificate;
        try {
            certificate = signingCertificates.apply(node);
        } catch (RuntimeException e) {
            return false;
        }
        return CaseChangeSignature.verify(change, certificate);
    }

    /**
     * The same lifecycle message again from the node that sent it, with the same kind, participants and
     * header: a resubmission after a crash between its steps. Anyone else naming that message id is
     * checked as usual (and refused, since the change is no longer the case's current state).
     */
    private Optional<CaseParticipants.Change> retried(String node, CaseChange change) {
        return cases.last(change.caseId())
                .filter(last -> last.messageId().equals(change.messageId()) && node.equals(last.by()) && last.kind() == change.kind()
                        && change.headerDigest().equals(last.headerDigest()))
                .filter(last -> cases.participants(change.caseId()).equals(change.participants()));
    }

    private CaseChangeRefusal refusal(String node, CaseChange change) {
        String caseId = change.caseId();
        try {
            rules.check(new CaseRules.Proposal(caseId, change.kind(), node, change.participants()), cases.state(caseId));
        } catch (PolicyViolation v) {
            return new CaseChangeRefusal(v.rule(), v.getMessage());
        }
        if (change.kind() != CaseChange.Kind.OPEN && !cases.participants(caseId).equals(change.before())) {
            // Another participant changed the case since this node's view was updated: applying this
            // node's complete list would silently undo that change.
            return new CaseChangeRefusal("case-outdated", "case " + caseId + " now has the participants "
                    + new TreeSet<>(cases.participants(caseId)) + ", not " + new TreeSet<>(change.before())
                    + " as " + node + " assumed; wait for the pending case-update to arrive, then resubmit");
        }
        if (change.kind() == CaseChange.Kind.OPEN && cases.openCasesLedBy(node) >= limits.maxOpenCasesPerNode()) {
            return new CaseChangeRefusal("case-limit", node + " already leads " + limits.maxOpenCasesPerNode()
                    + " open cases, the most a node may; close finished cases first or ask the bus operator to raise the limit");
        }
        return withinRate(node) ? null : new CaseChangeRefusal("case-limit", node + " asked for more than "
                + limits.maxChangesPerMinute() + " case changes within a minute; wait a minute and resubmit");
    }

    /** Counts this change against the node's rate; false (and not counted) when the node is over it. */
    private boolean withinRate(String node) {
        Instant now = clock.instant();
        Deque<Instant> recent = recentChanges.computeIfAbsent(node, n -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(RATE_WINDOW))) {
            recent.pollFirst();
        }
        if (recent.size() >= limits.maxChangesPerMinute()) {
            return false;
        }
        recent.addLast(now);
        return true;
    }
}
