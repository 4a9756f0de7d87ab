package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.audit.Sha256;
import eu.bus.broker.CaseChange;
import eu.bus.broker.CaseDecision;
import eu.bus.broker.CaseParticipants;
import eu.bus.broker.CaseRules;
import eu.bus.message.HeaderCodec;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.policy.PolicyViolation;
import java.util.Set;
import java.util.TreeSet;

/**
 * Case rules on this node's own view of the participants ({@link CaseParticipants} under the node's
 * state), with the one set of {@link CaseRules} the broker decides by. Case open/update/close define
 * the participants and go to every participant's inbox, so a node just added learns of the case
 * reliably; the broker decides each change first ({@link CaseChange}, signed) and stamps the copies of
 * the lifecycle message with its decision ({@link CaseDecision}). A message about a case from a
 * participant, addressed to all the other participants, is published on the case topic (encrypted for
 * exactly the current participants); addressed to fewer, it goes to their inboxes like any message.
 * <p>
 * The view follows this node's confirmed lifecycle submissions and every lifecycle message it
 * delivers, and only when that message carries the broker's decision and is addressed to exactly the
 * participants the decision names. A closed case takes no more messages of any kind, here and at the
 * broker (its topic refuses sends).
 */
public final class CaseBook {

    private final String self;
    private final CaseParticipants view;
    private final CaseRules rules;

    public CaseBook(String self, CaseParticipants view, CaseRules rules) {
        this.self = self;
        this.view = view;
        this.rules = rules;
    }

    public CaseParticipants participants() {
        return view;
    }

    public boolean publishesToTopic(MessageHeader header) {
        return header.caseId() != null && !header.messageType().isCaseLifecycle()
                && view.isParticipant(header.caseId(), header.sender())
                && new TreeSet<>(header.recipients()).equals(othersIn(header.caseId(), header.sender()));
    }

    private Set<String> othersIn(String caseId, String sender) {
        Set<String> others = new TreeSet<>(view.participants(caseId));
        others.remove(sender);
        return others;
    }

    /** At submission: throws {@link PolicyViolation} when a case message does not fit the case as this node sees it. */
    public void checkCaseRules(MessageHeader header, JsonNode payload) {
        String caseId = header.caseId();
        MessageType type = header.messageType();
        if (caseId != null && view.isClosed(caseId) && !alreadyApplied(header)) {
            throw closed(caseId);
        }
        if (caseId == null || !type.isCaseLifecycle() || alreadyApplied(header)) {
            return; // not lifecycle: topic or inbox is chosen by publishesToTopic; applied: a resubmission after a crash
        }
        if (type == MessageType.CASE_OPEN && !header.sender().equals(payload.path("leadNode").asText())) {
            throw new PolicyViolation("case-lead", header.sender() + " opens case " + caseId + " naming "
                    + payload.path("leadNode").asText() + " as its lead; the node that opens a case leads it");
        }
        Set<String> after = participantsAfter(header, payload);
        rules.check(new CaseRules.Proposal(caseId, kindOf(type), header.sender(), after), view.state(caseId));
        Set<String> addressed = new TreeSet<>(after);
        addressed.addAll(removed(header, payload));
        requireRecipients(header, addressed);
    }

    /** The change the broker must decide for a lifecycle message (unsigned); null for any other message. */
    public CaseChange changeFor(MessageHeader header, JsonNode payload) {
        if (!header.messageType().isCaseLifecycle()) {
            return null;
        }
        return new CaseChange(header.caseId(), kindOf(header.messageType()), participantsAfter(header, payload),
                view.participants(header.caseId()), header.messageId().toString(), Sha256.hex(HeaderCodec.canonicalBytes(header)));
    }

    private static CaseChange.Kind kindOf(MessageType lifecycle) {
        return switch (lifecycle) {
            case CASE_OPEN -> CaseChange.Kind.OPEN;
            case CASE_UPDATE -> CaseChange.Kind.UPDATE;
            default -> CaseChange.Kind.CLOSE;
        };
    }

    /** Records a change the broker confirmed for a message this node sent. */
    public synchronized void record(CaseChange change) {
        view.set(change.caseId(), change.participants(), new CaseParticipants.Change(change.messageId(), self, change.kind()));
    }

    private PolicyViolation closed(String caseId) {
        return new PolicyViolation("case-closed", "case " + caseId + " was closed by message " + view.lastChange(caseId)
                + "; it takes no more messages: open a new case and refer to this one");
    }

    /**
     * At arrival: a lifecycle message counts only with the broker's decision on it, addressed to exactly
     * the participants that decision names (and those it removes), and within the case rules as the
     * broker judged them. Throws {@link PolicyViolation} for a message to refuse. A decision older than
     * what this node's view already has (copies overtaking each other in the inbox) is a late arrival:
     * delivered, but it changes nothing.
     */
    public void checkArrival(MessageHeader header, JsonNode payload, CaseDecision decision) {
        MessageType type = header.messageType();
        if (!type.isCaseLifecycle()) {
            return;
        }
        String caseId = header.caseId();
        CaseChange.Kind kind = kindOf(type);
        if (decision == null || decision.kind() != kind) {
            throw new PolicyViolation("case-decision", "the " + type.wireName() + " of case " + caseId + " from "
                    + header.sender() + " carries no decision of the broker for it, so it did not pass the broker's case"
                    + " control; it is not applied");
        }
        Set<String> added = nodes(payload.path("participantsAdded"));
        Set<String> removed = removed(header, payload);
        Set<String> addressed = new TreeSet<>(decision.participants());
        addressed.addAll(removed);
        requireRecipients(header, addressed);
        boolean consistent = switch (kind) {
            case OPEN -> nodes(payload.path("participants")).equals(decision.participants())
                    && header.sender().equals(decision.lead());
            case UPDATE -> decision.participants().containsAll(added) && removed.stream().noneMatch(decision.participants()::contains);
            case CLOSE -> true;
        };
        if (!consistent) {
            throw new PolicyViolation("case-decision", "the " + type.wireName() + " of case " + caseId + " says other"
                    + " participants than the broker decided for it " + new TreeSet<>(decision.participants()));
        }
        if (decision.seq() <= view.seq(caseId)) {
            return; // a late copy: the view already went past it
        }
        if (view.isClosed(caseId)) {
            throw closed(caseId);
        }
        if (view.lead(caseId) != null && !view.lead(caseId).equals(decision.lead())) {
            throw new PolicyViolation("case-decision", "the decision on case " + caseId + " names " + decision.lead()
                    + " as lead, but " + self + " knows " + view.lead(caseId));
        }
        rules.check(new CaseRules.Proposal(caseId, kind, header.sender(), decision.participants()), judged(decision, added, removed));
    }

    /** The case as the broker judged it before the change, rebuilt from its decision. */
    private static CaseRules.CaseState judged(CaseDecision decision, Set<String> added, Set<String> removed) {
        if (decision.kind() == CaseChange.Kind.OPEN) {
            return CaseRules.CaseState.NONE;
        }
        Set<String> before = new TreeSet<>(decision.participants());
        if (decision.kind() == CaseChange.Kind.UPDATE) {
            before.removeAll(added);
            before.addAll(removed);
        }
        return new CaseRules.CaseState(true, false, decision.lead(), before);
    }

    /** Applies a lifecycle message this node delivered to its view, as the broker decided it (a late copy changes nothing). */
    public synchronized void applyArrival(MessageHeader header, CaseDecision decision) {
        if (header.messageType().isCaseLifecycle() && decision != null && decision.seq() > view.seq(header.caseId())) {
            view.set(header.caseId(), decision.participants(), new CaseParticipants.Change(header.messageId().toString(),
                    header.sender(), decision.kind(), decision.participants(), null, null, decision.seq()), decision.lead());
        }
    }

    /** This very message already changed the view (a resubmission after a crash). */
    private boolean alreadyApplied(MessageHeader header) {
        return header.messageId().toString().equals(view.lastChange(header.caseId()));
    }

    private Set<String> participantsAfter(MessageHeader header, JsonNode payload) {
        String caseId = header.caseId();
        switch (header.messageType()) {
            case CASE_OPEN:
                return nodes(payload.path("participants"));
            case CASE_UPDATE:
                Set<String> after = new TreeSet<>(view.participants(caseId));
                after.addAll(nodes(payload.path("participantsAdded")));
                after.removeAll(removed(header, payload));
                return after;
            default:
                return new TreeSet<>(view.participants(caseId));
        }
    }

    private static Set<String> removed(MessageHeader header, JsonNode payload) {
        Set<String> removed = new TreeSet<>();
        if (header.messageType() == MessageType.CASE_UPDATE) {
            payload.path("participantsRemoved").forEach(n -> removed.add(n.asText()));
        }
        return removed;
    }

    /** Addressed to exactly {@code members} other than the sender, who must be one of them. */
    private static void requireRecipients(MessageHeader header, Set<String> members) {
        Set<String> expected = new TreeSet<>(members);
        boolean senderIn = expected.remove(header.sender());
        Set<String> actual = new TreeSet<>(header.recipients());
        if (!senderIn || !expected.equals(actual)) {
            throw new PolicyViolation("case-recipients", "a " + header.messageType().wireName() + " of case " + header.caseId()
                    + " from " + header.sender() + " must be addressed to exactly its participants " + expected
                    + " (it names " + actual + ")");
        }
    }

    private static Set<String> nodes(JsonNode participantArray) {
        Set<String> nodes = new TreeSet<>();
        participantArray.forEach(p -> nodes.add(p.path("node").asText()));
        return nodes;
    }
}
