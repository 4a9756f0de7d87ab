package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.broker.CaseParticipants;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.policy.PolicyViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Case rules at submission. Case open/update/close define the participants (kept in
 * {@link CaseParticipants}, which the broker also uses for topic access) and go to every
 * participant's inbox, so a node just added learns of the case reliably. A message about a case from
 * a participant, addressed to all the other participants, is published on the case topic (encrypted
 * for exactly the current participants); addressed to fewer, it goes to their inboxes like any message.
 */
public final class CaseBook {

    private final CaseParticipants participants;

    public CaseBook(CaseParticipants participants) {
        this.participants = participants;
    }

    public CaseParticipants participants() {
        return participants;
    }

    public boolean publishesToTopic(MessageHeader header) {
        return header.caseId() != null && !header.messageType().isCaseLifecycle()
                && participants.isParticipant(header.caseId(), header.sender())
                && new TreeSet<>(header.recipients()).equals(othersIn(header.caseId(), header.sender()));
    }

    private Set<String> othersIn(String caseId, String sender) {
        Set<String> others = new TreeSet<>(participants.participants(caseId));
        others.remove(sender);
        return others;
    }

    /** Throws {@link PolicyViolation} when a case message does not fit the case as it stands. */
    public void checkCaseRules(MessageHeader header, JsonNode payload) {
        String caseId = header.caseId();
        MessageType type = header.messageType();
        if (type == MessageType.CASE_OPEN) {
            if (participants.exists(caseId)) {
                throw new PolicyViolation("case-exists", "case " + caseId + " is already open; send a case-update to change it");
            }
            Set<String> members = nodes(payload.path("participants"));
            if (!members.contains(header.sender())) {
                throw new PolicyViolation("case-lead-participates", header.sender() + " opens case " + caseId
                        + " but is not among its participants; add it with role LEAD");
            }
            requireRecipients(header, members);
            return;
        }
        if (caseId == null || !type.isCaseLifecycle()) {
            return; // not a lifecycle message: topic or inbox is chosen by publishesToTopic, channel rules apply
        }
        if (!participants.exists(caseId)) {
            throw new PolicyViolation("case-unknown", "case " + caseId + " is not open; send a case-open first");
        }
        if (!participants.isParticipant(caseId, header.sender())) {
            throw new PolicyViolation("case-participant", header.sender() + " is not a participant of case " + caseId);
        }
        requireRecipients(header, membersAfter(caseId, type, payload));
    }

    /** Records the participants a lifecycle message sets; call once the message is accepted. */
    public void applyOnSubmit(MessageHeader header, JsonNode payload) {
        if (header.messageType() == MessageType.CASE_OPEN) {
            participants.set(header.caseId(), nodes(payload.path("participants")));
        } else if (header.messageType() == MessageType.CASE_UPDATE) {
            participants.change(header.caseId(), nodes(payload.path("participantsAdded")), texts(payload.path("participantsRemoved")));
        }
    }

    private Set<String> membersAfter(String caseId, MessageType type, JsonNode payload) {
        Set<String> members = new TreeSet<>(participants.participants(caseId));
        if (type == MessageType.CASE_UPDATE) {
            members.addAll(nodes(payload.path("participantsAdded")));
            // Removed participants still receive the update that removes them.
        }
        return members;
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

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
