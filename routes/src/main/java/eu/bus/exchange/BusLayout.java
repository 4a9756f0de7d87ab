package eu.bus.exchange;

import java.nio.file.Path;

/**
 * Where everything lives under a work directory (documented in the README):
 * {@code DIR/pki/} the bus PKI, {@code DIR/broker/} the embedded broker's data, and per node
 * {@code DIR/nodes/<NODE>/} with {@code audit/}, {@code archive/}, {@code outbox/} (the drop
 * directory), {@code delivered/} (the default national case system) and {@code state/} (status, processed ids,
 * the node's view of the case participants).
 */
public record BusLayout(Path workDir) {

    public Path pki() {
        return workDir.resolve("pki");
    }

    public Path broker() {
        return workDir.resolve("broker");
    }

    public Path node(String node) {
        return workDir.resolve("nodes").resolve(node);
    }

    public Path audit(String node) {
        return node(node).resolve("audit");
    }

    public Path outbox(String node) {
        return node(node).resolve("outbox");
    }

    public Path delivered(String node) {
        return node(node).resolve("delivered");
    }

    public Path state(String node) {
        return node(node).resolve("state");
    }

    /** The node's own view of the case participants (the broker keeps the authoritative copy under broker/). */
    public Path caseView(String node) {
        return state(node).resolve("case-participants.json");
    }
}
