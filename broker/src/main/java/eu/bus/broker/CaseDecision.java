package eu.bus.broker;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The broker's decision on a case change, as it stamps it on every copy of the lifecycle message
 * that made the change (message property {@code busCaseDecision}; a node cannot set it): the kind,
 * the change's place in the case's sequence, the lead and the participants after it. A receiver
 * applies a lifecycle message only when it carries the decision and says exactly what the decision
 * says, and ignores a late one (a lower sequence number than its view's).
 */
public record CaseDecision(CaseChange.Kind kind, long seq, String lead, Set<String> participants) {

    public static final String PROPERTY = "busCaseDecision";

    public CaseDecision {
        participants = Set.copyOf(new TreeSet<>(participants));
    }

    public String toProperty() {
        return kind + ";seq=" + seq + ";lead=" + lead + ";participants=" + String.join(",", new TreeSet<>(participants));
    }

    /** Reads the property; empty when it is absent or not in this form. */
    public static Optional<CaseDecision> parse(String property) {
        if (property == null) {
            return Optional.empty();
        }
        String[] parts = property.split(";", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            Set<String> nodes = new TreeSet<>(Arrays.asList(fields.get("participants").split(",")));
            nodes.remove("");
            return Optional.of(new CaseDecision(CaseChange.Kind.valueOf(parts[0]), Long.parseLong(fields.get("seq")),
                    fields.get("lead"), nodes));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
