package eu.bus.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys a node configuration knows (docs/CONFIGURATION.md), in dotted form ({@code broker.port}); a name
 * in a {@code secrets} entry is a node id, written {@value #NODE} here. Suggests the nearest key for a mistyped one.
 */
final class ConfigKeys {

    static final String NODE = "<NODE>";

    static final List<String> ALL = List.of(
            "nodes", "workdir", "pki",
            "broker.host", "broker.port", "broker.ca",
            "api.host", "api.port", "api.threads",
            "directories.audit", "directories.archive", "directories.state", "directories.delivered", "directories.drop",
            "maxMessageBytes", "consumersPerNode", "witnesses", "witnessIntervalSeconds",
            "secrets." + NODE + ".passwordFile", "secrets." + NODE + ".passwordEnv");

    private ConfigKeys() {
    }

    /** The known keys directly under {@code parent} ("" for the top level, "secrets.NL-NMT" for a node's secrets). */
    static List<String> childrenOf(String parent) {
        String pattern = generic(parent);
        String prefix = pattern.isEmpty() ? "" : pattern + ".";
        List<String> children = new ArrayList<>();
        for (String key : ALL) {
            if (key.startsWith(prefix)) {
                String child = key.substring(prefix.length()).split("\\.")[0];
                if (!children.contains(child)) {
                    children.add(child);
                }
            }
        }
        return children;
    }

    /** The known key nearest to {@code key} (by edit distance, ignoring case), if it is near enough to be a typo. */
    static Optional<String> nearest(String key) {
        String node = key.startsWith("secrets.") && key.split("\\.").length > 2 ? key.split("\\.")[1] : null;
        return ALL.stream()
                .map(known -> node == null ? known : known.replace(NODE, node))
                .min(Comparator.comparingInt(known -> distance(known.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT))))
                .filter(known -> distance(known.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= Math.max(2, key.length() / 3));
    }

    /** "secrets.NL-NMT" -> "secrets.<NODE>". */
    private static String generic(String parent) {
        String[] parts = parent.split("\\.");
        if (parts.length >= 2 && parts[0].equals("secrets")) {
            parts[1] = NODE;
        }
        return parent.isEmpty() ? "" : String.join(".", parts);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
