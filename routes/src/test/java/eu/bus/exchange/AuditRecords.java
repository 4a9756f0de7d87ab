package eu.bus.exchange;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The audit records every node of a test bus wrote, by node, as each became durable. */
final class AuditRecords {

    private final Map<String, List<AuditRecord>> byNode = new ConcurrentHashMap<>();

    /** The hook to start a {@link BusNetwork} with. */
    Consumer<NodeAudit> hook() {
        return audit -> audit.onRecord(r -> byNode.computeIfAbsent(r.node(), k -> Collections.synchronizedList(new ArrayList<>())).add(r));
    }

    /** A copy of the node's records so far. */
    List<AuditRecord> of(String node) {
        return List.copyOf(byNode.getOrDefault(node, List.of()));
    }

    /** Whether the node recorded {@code event} with a reason containing {@code reasonPart}. */
    boolean has(String node, AuditEvent event, String reasonPart) {
        return of(node).stream().anyMatch(r -> r.event() == event && r.reason() != null && r.reason().contains(reasonPart));
    }
}
