package eu.bus.keys;

import java.util.regex.Pattern;

/** Syntax of node ids; they become file names and certificate subjects, so they are kept plain. */
public final class NodeId {

    private static final Pattern NATIONAL = Pattern.compile("[A-Z]{2}-[A-Z]{2,10}");
    private static final Pattern AGENCY = Pattern.compile("[A-Z]{3,20}");
    private static final Pattern SITE = Pattern.compile("[A-Z][A-Z0-9-]{1,29}");

    private NodeId() {
    }

    public static boolean isValid(String nodeId) {
        return nodeId != null && (NATIONAL.matcher(nodeId).matches() || AGENCY.matcher(nodeId).matches());
    }

    public static String requireValid(String nodeId) {
        if (!isValid(nodeId)) {
            throw new IllegalArgumentException("'" + nodeId + "' is not a node id: expected e.g. NL-NMT, BE-ENU, EUROPOL");
        }
        return nodeId;
    }

    /** ISO 3166 two-letter country of a national node, or {@code null} for agencies and auditors. */
    public static String countryOf(String nodeId) {
        requireValid(nodeId);
        return NATIONAL.matcher(nodeId).matches() ? nodeId.substring(0, 2) : null;
    }

    /** Where a node runs unless the registry says otherwise: its country (NL-NMT -> NL), else its id (EUROPOL). */
    public static String defaultSiteOf(String nodeId) {
        String country = countryOf(nodeId);
        return country != null ? country : nodeId;
    }

    /** Site names appear in the registry and in commands: upper-case letters, digits and '-', e.g. NL, EUROPOL, DE-BKA. */
    public static String requireValidSite(String site) {
        if (site == null || !SITE.matcher(site).matches()) {
            throw new IllegalArgumentException("'" + site + "' is not a site name: expected 2 to 30 upper-case letters,"
                    + " digits or '-', starting with a letter, e.g. NL, EUROPOL, DE-BKA");
        }
        return site;
    }
}
