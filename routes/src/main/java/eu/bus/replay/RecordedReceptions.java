package eu.bus.replay;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.audit.LogLayout;
import eu.bus.message.MessageType;
import eu.bus.operator.AuditTrail;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every copy a node received, in the order its audit log recorded them, with what became of each. Delivery
 * receipts are bookkeeping, not messages, and are left out; so are copies whose arrival the log did not tie to a
 * verified header (an unverified rejection names no message).
 */
public final class RecordedReceptions {

    private RecordedReceptions() {
    }

    public static List<RecordedReception> read(LogLayout log, ReplayScope scope) {
        List<RecordedReception> received = new ArrayList<>();
        Map<UUID, Integer> latest = new HashMap<>();
        AuditTrail.read(log, r -> apply(r, scope, received, latest));
        return received;
    }

    private static void apply(AuditRecord r, ReplayScope scope, List<RecordedReception> received, Map<UUID, Integer> latest) {
        if (r.messageId() == null || MessageType.DELIVERY_RECEIPT.name().equals(r.messageType())) {
            return;
        }
        if (r.event() == AuditEvent.RECEIVED && r.digest() != null) {
            if (scope.includes(r.caseId(), r.time())) {
                latest.put(r.messageId(), received.size());
                received.add(RecordedReception.received(r));
            } else {
                latest.remove(r.messageId());
            }
            return;
        }
        Integer at = latest.get(r.messageId());
        if (at != null && received.get(at).outcome() == AuditEvent.RECEIVED
                && (r.event() == AuditEvent.DELIVERED || r.event() == AuditEvent.DEAD_LETTERED)) {
            received.set(at, received.get(at).settled(r));
        }
    }
}
