package eu.bus.operator;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditRecord;
import eu.bus.message.MessageType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a node received, from its audit log. The audit log, not the delivery directory or the archive, because
 * it is the one complete, tamper-evident account: a RECEIVED record is written only once the signature verified
 * the header (so it never names a forged id), DELIVERED before the broker is acknowledged, DEAD_LETTERED with the
 * reason; the delivery directory is emptied by the case system, and the archive holds sent and received copies
 * alike and loses bodies to retention. Delivery receipts are bookkeeping, not messages, and are left out.
 */
public final class ReceivedMessages {

    private final AuditLog log;

    public ReceivedMessages(AuditLog log) {
        this.log = log;
    }

    /** Every message received, in order of arrival; a message received again (resubmitted) shows its last copy. */
    public List<ReceivedMessage> list() {
        Map<UUID, ReceivedMessage> received = new LinkedHashMap<>();
        AuditTrail.read(log.layout(), r -> apply(received, r));
        return new ArrayList<>(received.values());
    }

    public Optional<ReceivedMessage> find(UUID messageId) {
        return list().stream().filter(m -> m.messageId().equals(messageId)).findFirst();
    }

    private static void apply(Map<UUID, ReceivedMessage> received, AuditRecord r) {
        if (r.messageId() == null || MessageType.DELIVERY_RECEIPT.name().equals(r.messageType())) {
            return;
        }
        if (r.event() == AuditEvent.RECEIVED && r.digest() != null) {
            received.put(r.messageId(), new ReceivedMessage(r.messageId(), r.messageType(), r.caseId(), r.time(),
                    ReceivedMessage.RECEIVED, r.digest(), null));
            return;
        }
        ReceivedMessage m = received.get(r.messageId());
        if (m == null || !ReceivedMessage.RECEIVED.equals(m.status())) {
            return; // a later copy refused as a duplicate does not undo a delivery
        }
        if (r.event() == AuditEvent.DELIVERED) {
            received.put(r.messageId(), m.withStatus(ReceivedMessage.DELIVERED, null));
        } else if (r.event() == AuditEvent.DEAD_LETTERED) {
            received.put(r.messageId(), m.withStatus(ReceivedMessage.DEAD_LETTERED, r.reason()));
        }
    }
}
