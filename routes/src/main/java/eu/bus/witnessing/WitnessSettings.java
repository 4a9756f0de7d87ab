package eu.bus.witnessing;

import eu.bus.keys.NodeRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Who cosigns a node's audit checkpoints, and how often it asks.
 *
 * @param witnesses the witness nodes; empty: the default, {@link #defaultsFor}
 * @param interval  how often the node asks its witnesses to cosign its latest checkpoint (when it has a new one)
 */
public record WitnessSettings(List<String> witnesses, Duration interval) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** Witnesses of at least two other agencies, as auditors require by default. */
    public static final int DEFAULT_WITNESSES = 2;

    public WitnessSettings {
        witnesses = List.copyOf(witnesses);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the witnessing interval must be positive, was " + interval);
        }
    }

    public static WitnessSettings defaults() {
        return new WitnessSettings(List.of(), DEFAULT_INTERVAL);
    }

    /** The witnesses of {@code node} among {@code registered}: the configured ones, less itself. */
    public List<String> witnessesOf(String node, List<String> registered) {
        List<String> chosen = witnesses.isEmpty() ? defaultsFor(node, registered) : witnesses;
        return chosen.stream().filter(w -> !w.equals(node)).toList();
    }

    /**
     * The agencies (EUROPOL, EUROJUST) other than the node itself; if that makes fewer than
     * {@link #DEFAULT_WITNESSES}, national units of other countries, then any other node, in name order. A node's
     * witnesses belong to other agencies, whose operators do not answer to its own.
     */
    public static List<String> defaultsFor(String node, List<String> registered) {
        List<String> others = registered.stream().filter(n -> !n.equals(node) && NodeRole.ofNodeId(n) != NodeRole.AUDITOR)
                .sorted(Comparator.comparing((String n) -> rank(n)).thenComparing(Comparator.naturalOrder())).toList();
        List<String> chosen = new ArrayList<>();
        for (String other : others) {
            if (NodeRole.ofNodeId(other) == NodeRole.AGENCY || chosen.size() < DEFAULT_WITNESSES && !sameCountry(node, other)) {
                chosen.add(other);
            }
        }
        return chosen;
    }

    private static int rank(String node) {
        return switch (NodeRole.ofNodeId(node)) {
            case AGENCY -> 0;
            case ENU -> 1;
            default -> 2;
        };
    }

    private static boolean sameCountry(String a, String b) {
        return a.length() > 2 && b.length() > 2 && a.charAt(2) == '-' && b.charAt(2) == '-' && a.regionMatches(0, b, 0, 2);
    }
}
