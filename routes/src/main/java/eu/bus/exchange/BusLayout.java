package eu.bus.exchange;

import java.nio.file.Path;

/**
 * Where everything lives (documented in the README and docs/CONFIGURATION.md). By default all under a work
 * directory: {@code DIR/pki/} the bus PKI, {@code DIR/broker/} the embedded broker's data, and per node
 * {@code DIR/nodes/<NODE>/} with {@code audit/}, {@code archive/}, {@code outbox/} (the drop directory),
 * {@code delivered/} (the default national case system) and {@code state/} (status, processed ids, the node's
 * view of the case participants). {@code bus node --config} may put the PKI and each kind of node directory
 * elsewhere ({@link NodeDirectories}).
 */
public record BusLayout(Path workDir, Path pki, NodeDirectories nodeDirectories) {

    /** Everything under {@code workDir}, as {@code bus run} and the tests have it. */
    public BusLayout(Path workDir) {
        this(workDir, workDir.resolve("pki"), NodeDirectories.under(workDir.resolve("nodes")));
    }

    public Path broker() {
        return workDir.resolve("broker");
    }

    public Path audit(String node) {
        return NodeDirectories.of(nodeDirectories.audit(), node);
    }

    /** The root of the node's message archive. */
    public Path archive(String node) {
        return NodeDirectories.of(nodeDirectories.archive(), node);
    }

    /** The node's drop directory. */
    public Path outbox(String node) {
        return NodeDirectories.of(nodeDirectories.drop(), node);
    }

    public Path delivered(String node) {
        return NodeDirectories.of(nodeDirectories.delivered(), node);
    }

    public Path state(String node) {
        return NodeDirectories.of(nodeDirectories.state(), node);
    }

    /** What the node, as a witness, cosigned and refused for the other nodes' audit logs. */
    public Path witnessState(String node) {
        return state(node).resolve("witness");
    }

    /** The node's own view of the case participants (the broker keeps the authoritative copy under broker/). */
    public Path caseView(String node) {
        return state(node).resolve("case-participants.json");
    }
}
