package eu.bus.keys;

import java.nio.file.Path;

/**
 * Where the files of a bus PKI live under its directory (documented in docs/SECURITY.md):
 * <pre>
 * DIR/ca.pem  ca-key.pem  ca.p12  crl.pem  registry.json
 * DIR/nodes/NODE/signing.pem  signing-key.pem  signing.p12
 * DIR/nodes/NODE/encryption.pem  encryption-key.pem  encryption.p12
 * DIR/nodes/NODE/retired/SERIAL-signing.pem ...   certificates replaced by a rotation
 * </pre>
 */
public record PkiLayout(Path dir) {

    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    public Path caKey() {
        return dir.resolve("ca-key.pem");
    }

    public Path caPkcs12() {
        return dir.resolve("ca.p12");
    }

    public Path crl() {
        return dir.resolve("crl.pem");
    }

    public Path registry() {
        return dir.resolve("registry.json");
    }

    public Path nodeDir(String nodeId) {
        return dir.resolve("nodes").resolve(NodeId.requireValid(nodeId));
    }

    public Path certificate(String nodeId, KeyPurpose purpose) {
        return nodeDir(nodeId).resolve(purpose.label + ".pem");
    }

    public Path privateKey(String nodeId, KeyPurpose purpose) {
        return nodeDir(nodeId).resolve(purpose.label + "-key.pem");
    }

    public Path pkcs12(String nodeId, KeyPurpose purpose) {
        return nodeDir(nodeId).resolve(purpose.label + ".p12");
    }

    public Path retired(String nodeId) {
        return nodeDir(nodeId).resolve("retired");
    }

    /** Path as stored in registry.json: relative to the PKI directory, so the directory can move. */
    public String relative(Path file) {
        return dir.toAbsolutePath().relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }
}
