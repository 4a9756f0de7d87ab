package eu.bus.keys;

import java.util.regex.Pattern;

/** Syntax of node ids; they become file names and certificate subjects, so they are kept plain. */
public final class NodeId {

    private static final Pattern NATIONAL = Pattern.compile("[A-Z]{2}-[A-Z]{2,10}");
    private static final Pattern AGENCY = Pattern.compile("[A-Z]{3,20}");

    private NodeId() {
    }

    public static String requireValid(String nodeId) {
        if (nodeId == null || !(NATIONAL.matcher(nodeId).matches() || AGENCY.matcher(nodeId).matches())) {
            throw new IllegalArgumentException("'" + nodeId + "' is not a node id: expected e.g. NL-NMT, BE-ENU, EUROPOL");
        }
        return nodeId;
    }

    /** ISO 3166 two-letter country of a national node, or {@code null} for agencies and auditors. */
    public static String countryOf(String nodeId) {
        requireValid(nodeId);
        return NATIONAL.matcher(nodeId).matches() ? nodeId.substring(0, 2) : null;
    }
}
