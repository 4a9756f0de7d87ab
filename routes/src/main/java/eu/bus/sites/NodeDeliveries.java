package eu.bus.sites;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.audit.LogLayout;
import eu.bus.exchange.NodeGateway;
import eu.bus.operator.AuditTrail;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a node's audit log says it handed its case system, in order, and which copies it stopped as duplicates: a
 * copy refused as one (DEAD_LETTERED "duplicate"), or one the broker delivered again after its acknowledgement was
 * lost, which the node recognised and did not hand over a second time (DELIVERED "already in the case system").
 * Read once from the log, as an auditor would.
 */
public final class NodeDeliveries {

    private final List<UUID> handedOver = new ArrayList<>();
    private final Map<UUID, Integer> times = new HashMap<>();
    private final Map<UUID, Integer> stopped = new HashMap<>();

    private NodeDeliveries() {
    }

    public static NodeDeliveries of(NodeProcess node) {
        NodeDeliveries deliveries = new NodeDeliveries();
        AuditTrail.read(new LogLayout(node.layout().audit(node.node())), deliveries::take);
        return deliveries;
    }

    private void take(AuditRecord r) {
        if (r.messageId() == null) {
            return;
        }
        if (isRecognisedRedelivery(r) || isRefusedDuplicate(r)) {
            stopped.merge(r.messageId(), 1, Integer::sum);
        } else if (r.event() == AuditEvent.DELIVERED) {
            handedOver.add(r.messageId());
            times.merge(r.messageId(), 1, Integer::sum);
        }
    }

    private static boolean isRecognisedRedelivery(AuditRecord r) {
        return r.event() == AuditEvent.DELIVERED && r.reason() != null && r.reason().contains(NodeGateway.ALREADY_DELIVERED);
    }

    private static boolean isRefusedDuplicate(AuditRecord r) {
        return r.event() == AuditEvent.DEAD_LETTERED && r.reason() != null && r.reason().startsWith("duplicate");
    }

    /** Every hand-over to the case system, in the order the log has them (an id twice if it was handed over twice). */
    public List<UUID> handedOver() {
        return List.copyOf(handedOver);
    }

    /** How many times {@code id} was handed to the case system. */
    public int times(UUID id) {
        return times.getOrDefault(id, 0);
    }

    /** Copies of these messages the node stopped as duplicates. */
    public long stopped(Collection<UUID> ids) {
        return ids.stream().mapToLong(id -> stopped.getOrDefault(id, 0)).sum();
    }

    /** Copies of any message the node stopped as duplicates. */
    public long stopped() {
        return stopped.values().stream().mapToLong(Integer::longValue).sum();
    }
}
