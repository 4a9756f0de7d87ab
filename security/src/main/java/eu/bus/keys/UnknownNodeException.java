package eu.bus.keys;

import java.nio.file.Path;

/** A node id that the registry does not list: a typo, or a node not yet enrolled. */
public final class UnknownNodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownNodeException(String nodeId, Path pkiDir) {
        super("node '" + nodeId + "' is not in the node registry " + new PkiLayout(pkiDir).registry()
                + ": check the spelling ('" + KeysHint.command("list", pkiDir) + "' lists the nodes), or enrol it with '"
                + KeysHint.command("add " + nodeId, pkiDir) + "'");
    }
}
