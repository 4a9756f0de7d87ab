package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.broker.CaseChange;
import eu.bus.broker.CaseParticipants;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.policy.PolicyViolation;
import java.util.Set;
import java.util.TreeSet;

/**
 * Case rules, on this node's own view of the participants ({@link CaseParticipants} under the node's
 * state). Case open/update/close define the participants and go to every participant's inbox, so a
 * node just added learns of the case reliably; the broker confirms each change first ({@link CaseChange}).
 * A message about a case from a participant, addressed to all the other participants, is published
 * on the case topic (encrypted for exactly the current participants); addressed to fewer, it goes to
 * their inboxes like any message.
 * <p>
 * The view follows this node's accepted lifecycle submissions and every lifecycle message it delivers.
 * A closed case takes no more messages of any kind, here and at the broker (its topic refuses sends).
 */
public final class CaseBook {

    private final String self;
    private final CaseParticipants view;

    public CaseBook(String self, CaseParticipants view) {
        this.self = self;
        this.view = view;
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

    /** Throws {@link PolicyViolation} when a case message does not fit the case as it stands. */
    public void checkCaseRules(MessageHeader header, JsonNode payload) {
        String caseId = header.caseId();
        MessageType type = header.messageType();
        if (caseId != null && view.isClosed(caseId) && !alreadyApplied(header)) {
            throw closed(caseId);
        }
        if (caseId == null || !type.isCaseLifecycle() || alreadyApplied(header)) {
            return; // not lifecycle: topic or inbox is chosen by publishesToTopic; applied: a resubmission after a crash
        }
        if (type == MessageType.CASE_OPEN) {
            if (view.exists(caseId)) {
                throw new PolicyViolation("case-exists", "case " + caseId + " is already open; send a case-update to change it");
            }
            requireLeadParticipates(header, payload);
            requireRecipients(header, nodes(payload.path("participants")));
            return;
        }
        if (!view.exists(caseId)) {
            throw new PolicyViolation("case-unknown", "case " + caseId + " is not open; send a case-open first");
        }
        requireSenderParticipates(header);
        requireRecipients(header, recipientsOf(header, payload));
    }

    /** The change the broker must confirm for a lifecycle message; null for any other message. */
    public CaseChange changeFor(MessageHeader header, JsonNode payload) {
        if (!header.messageType().isCaseLifecycle()) {
            return null;
        }
        return new CaseChange(header.caseId(), kindOf(header.messageType()), participantsAfter(header, payload), view.participants(header.caseId()),
                header.messageId().toString());
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
     * A receiver re-checks what the sender's gateway and the broker should have: a case-open names its
     * sender among the participants and is not for a case this node knows; an update or close comes from
     * a participant in this node's view. Throws {@link PolicyViolation} for a message to refuse, or
     * {@link IllegalStateException} (retried) for an update or close of a case whose case-open has not
     * been delivered here yet.
     */
    public void checkArrival(MessageHeader header, JsonNode payload) {
        MessageType type = header.messageType();
        String caseId = header.caseId();
        if (!type.isCaseLifecycle() || alreadyApplied(header)) {
            return; // a message published before the close is still delivered
        }
        if (view.isClosed(caseId)) {
            throw closed(caseId);
        }
        if (type == MessageType.CASE_OPEN) {
            if (view.exists(caseId)) {
                throw new PolicyViolation("case-exists", header.sender() + " opens case " + caseId
                        + ", which " + self + " already knows as opened by message " + view.lastChange(caseId));
            }
            requireLeadParticipates(header, payload);
            return;
        }
        if (view.exists(caseId)) {
            requireSenderParticipates(header);
        } else if (!joins(header, payload)) {
            throw new IllegalStateException("case " + caseId + " is not known to " + self + " yet; its case-open may still"
                    + " be on its way, so this " + type.wireName() + " is retried");
        }
    }

    /** Applies a lifecycle message this node delivered to its view (idempotent: a redelivery changes nothing). */
    public synchronized void applyArrival(MessageHeader header, JsonNode payload) {
        if (header.messageType().isCaseLifecycle()) {
            view.set(header.caseId(), participantsAfter(header, payload),
                    new CaseParticipants.Change(header.messageId().toString(), header.sender(), kindOf(header.messageType())));
        }
    }

    /** This very message already changed the view (a redelivery, or a resubmission after a crash). */
    private boolean alreadyApplied(MessageHeader header) {
        return header.messageId().toString().equals(view.lastChange(header.caseId()));
    }

    /** A case-update that adds this node to a case it does not know yet. */
    private boolean joins(MessageHeader header, JsonNode payload) {
        return header.messageType() == MessageType.CASE_UPDATE && nodes(payload.path("participantsAdded")).contains(self);
    }

    private Set<String> participantsAfter(MessageHeader header, JsonNode payload) {
        String caseId = header.caseId();
        switch (header.messageType()) {
            case CASE_OPEN:
                return nodes(payload.path("participants"));
            case CASE_UPDATE:
                // A node joining has no view of the case yet: an update goes to all participants, so its
                // recipients and sender are the participants (removed ones included, removed below).
                Set<String> after = view.exists(caseId) ? new TreeSet<>(view.participants(caseId)) : addressed(header);
                after.addAll(nodes(payload.path("participantsAdded")));
                payload.path("participantsRemoved").forEach(n -> after.remove(n.asText()));
                return after;
            default:
                return new TreeSet<>(view.participants(caseId));
        }
    }

    /** Who must receive an update or close: the participants after it, plus those it removes. */
    private Set<String> recipientsOf(MessageHeader header, JsonNode payload) {
        Set<String> members = new TreeSet<>(view.participants(header.caseId()));
        if (header.messageType() == MessageType.CASE_UPDATE) {
            members.addAll(nodes(payload.path("participantsAdded")));
        }
        return members;
    }

    private static Set<String> addressed(MessageHeader header) {
        Set<String> nodes = new TreeSet<>(header.recipients());
        nodes.add(header.sender());
        return nodes;
    }

    private static void requireLeadParticipates(MessageHeader header, JsonNode payload) {
        if (!nodes(payload.path("participants")).contains(header.sender())) {
            throw new PolicyViolation("case-lead-participates", header.sender() + " opens case " + header.caseId()
                    + " but is not among its participants; add it with role LEAD");
        }
    }

    private void requireSenderParticipates(MessageHeader header) {
        if (!view.isParticipant(header.caseId(), header.sender())) {
            throw new PolicyViolation("case-participant", header.sender() + " is not a participant of case "
                    + header.caseId() + " (as " + self + " knows it)");
        }
    }

    private static void requireRecipients(MessageHeader header, Set<String> members) {
        Set<String> expected = new TreeSet<>(members);
        expected.remove(header.sender());
        Set<String> actual = new TreeSet<>(header.recipients());
        if (!expected.equals(actual)) {
            throw new PolicyViolation("case-recipients", "a message about case " + header.caseId()
                    + " must be addressed to exactly its participants " + expected + " (it names " + actual + ")");
        }
    }

    private static Set<String> nodes(JsonNode participantArray) {
        Set<String> nodes = new TreeSet<>();
        participantArray.forEach(p -> nodes.add(p.path("node").asText()));
        return nodes;
    }
}
