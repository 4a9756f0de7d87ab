package eu.bus.operator;

import eu.bus.archive.ArchivedMessage;
import eu.bus.exchange.NodeServices;
import eu.bus.exchange.StatusStore;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A node's messages with their status: what it sent (its status store, per recipient) and what it received
 * ({@link ReceivedMessages}), filtered by a {@link MessageQuery}, oldest first. The message type and case of a
 * sent message come from its archived header (the status store keeps ids, states and digests only).
 */
public final class NodeMessages {

    private final NodeServices node;

    public NodeMessages(NodeServices node) {
        this.node = node;
    }

    public List<MessageEntry> list(MessageQuery query) {
        List<MessageEntry> out = new ArrayList<>();
        StatusStore status = node.status();
        for (UUID id : status.messageIds()) {
            MessageEntry e = sent(id, status.history(id));
            if (query.matches(e.status(), e.caseId(), e.at())) {
                out.add(e);
            }
        }
        for (ReceivedMessage r : new ReceivedMessages(node.audit()).list()) {
            MessageEntry e = received(r);
            if (query.matches(e.status(), e.caseId(), e.at())) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(MessageEntry::at, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private MessageEntry sent(UUID id, List<StatusStore.Change> history) {
        Optional<MessageHeader> header = history.stream().map(StatusStore.Change::digest).filter(java.util.Objects::nonNull)
                .findFirst().flatMap(this::archivedHeader);
        Map<String, String> recipients = new LinkedHashMap<>();
        StatusStore.recipientsOf(history).forEach((r, s) -> recipients.put(r, s.name()));
        return new MessageEntry(id, MessageEntry.SENT, StatusStore.currentOf(history).map(Enum::name).orElse(null),
                header.map(h -> h.messageType().wireName()).orElse(null), header.map(MessageHeader::caseId).orElse(null),
                history.isEmpty() ? null : history.get(0).at(), node.node(), recipients, null);
    }

    private MessageEntry received(ReceivedMessage r) {
        String sender = archivedHeader(r.digest()).map(MessageHeader::sender).orElse(null);
        return new MessageEntry(r.messageId(), MessageEntry.RECEIVED, r.status(), wireName(r.messageType()), r.caseId(), r.receivedAt(),
                sender, Map.of(), r.detail());
    }

    /** The audit log names types by their constant (INTELLIGENCE_REPORT); the bus speaks their wire name. */
    private static String wireName(String auditType) {
        try {
            return auditType == null ? null : MessageType.valueOf(auditType).wireName();
        } catch (IllegalArgumentException unknown) {
            return auditType;
        }
    }

    private Optional<MessageHeader> archivedHeader(String digest) {
        try {
            return node.archive().find(digest).map(ArchivedMessage::header);
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // purged or damaged: the list still shows what the status and audit say
        }
    }
}
