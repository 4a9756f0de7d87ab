package eu.bus.exchange;

import java.nio.file.Path;

/**
 * Where each node keeps its files, as templates in which {@value #NODE} stands for the node's id, so one
 * setting serves every node a process runs ({@code bus node --config}, docs/CONFIGURATION.md). The default
 * puts them all under {@code WORKDIR/nodes/<NODE>/}.
 *
 * @param audit     the audit log
 * @param archive   the protected bytes of every message sent and received
 * @param state     status, processed ids, the durable outbox, the node's view of the case participants
 * @param delivered the default national case system (one file per delivered message)
 * @param drop      the drop directory: files put there are submitted
 */
public record NodeDirectories(String audit, String archive, String state, String delivered, String drop) {

    /** The placeholder for the node's id in a template. */
    public static final String NODE = "{node}";

    /** The default layout: {@code nodesDir/<NODE>/audit}, {@code .../archive}, and so on. */
    public static NodeDirectories under(Path nodesDir) {
        String node = nodesDir.resolve(NODE).toString();
        return new NodeDirectories(node + "/audit", node + "/archive", node + "/state", node + "/delivered", node + "/outbox");
    }

    static Path of(String template, String node) {
        return Path.of(template.replace(NODE, node));
    }
}
