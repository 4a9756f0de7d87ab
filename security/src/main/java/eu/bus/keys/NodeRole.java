package eu.bus.keys;

import java.util.Locale;

/** The role of a node, derived from its id: {@code NL-NMT} is a national team, {@code EUROPOL} an agency. */
public enum NodeRole {
    NMT, ENU, AGENCY, AUDITOR;

    /** Who opens, updates and closes cases: national units and agencies (the gateways and the broker both check). */
    public boolean runsCases() {
        return this == ENU || this == AGENCY;
    }

    public static NodeRole ofNodeId(String nodeId) {
        NodeId.requireValid(nodeId);
        if (nodeId.equals("AUDITOR")) {
            return AUDITOR;
        }
        if (nodeId.equals("EUROPOL") || nodeId.equals("EUROJUST")) {
            return AGENCY;
        }
        String suffix = nodeId.substring(nodeId.indexOf('-') + 1);
        try {
            NodeRole role = valueOf(suffix.toUpperCase(Locale.ROOT));
            if (role == NMT || role == ENU) {
                return role;
            }
        } catch (IllegalArgumentException ignored) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("node id '" + nodeId
                + "' has no known role: use CC-NMT, CC-ENU (CC = ISO country code), EUROPOL, EUROJUST or AUDITOR");
    }
}
