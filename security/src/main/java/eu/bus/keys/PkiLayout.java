package eu.bus.keys;

import java.nio.file.Path;

/**
 * Where the files of a bus PKI live under its directory (documented in docs/SECURITY.md):
 * <pre>
 * DIR/ca.pem  crl.pem  registry.json                      public: every process reads them
 * DIR/offline-ca/ca.p12  keystore.password                 the CA's private key: move it offline
 * DIR/nodes/NODE/signing.pem  encryption.pem               the node's certificates
 * DIR/nodes/NODE/signing.p12  encryption.p12  keystore.password
 * DIR/nodes/NODE/signing-key.pem  encryption-key.pem       only when asked for (bus keys init --pem)
 * DIR/nodes/NODE/retired/SERIAL-signing.pem ...            certificates replaced by a rotation
 * DIR/nodes/NODE/retired/SERIAL-encryption.p12             encryption keys replaced by a rotation (node's password)
 * DIR/servers/NAME/tls.p12  keystore.password              TLS server keys (bus-broker, bus-api)
 * DIR/anchors/NAME.pem  NAME.crl.pem                      agencies' CAs the bus trusts too (bus keys import)
 * </pre>
 */
public record PkiLayout(Path dir) {

    /** Owner name of the CA's key store (names its password variable, BUS_KEYSTORE_PASSWORD_CA). */
    public static final String CA_OWNER = "CA";

    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** The CA's private part: the only directory the running bus never reads, and the one to move offline. */
    public Path offlineCa() {
        return dir.resolve("offline-ca");
    }

    /** The CA's key store in a CA directory (the default {@link #offlineCa()} or one named with --ca-dir). */
    public static Path caKeyStoreIn(Path caDir) {
        return caDir.resolve("ca.p12");
    }

    /** Suffix of a trust anchor's certificate file; its CRL is NAME{@value #ANCHOR_CRL_SUFFIX} beside it. */
    static final String ANCHOR_SUFFIX = ".pem";
    static final String ANCHOR_CRL_SUFFIX = ".crl.pem";

    /** The agencies' CAs the bus trusts besides its own ({@code bus keys import --ca}), each with its CRL. */
    public Path anchors() {
        return dir.resolve("anchors");
    }

    public Path anchor(String name) {
        return anchors().resolve(name + ANCHOR_SUFFIX);
    }

    /** The CRL of the anchor in {@code anchorFile}. */
    static Path anchorCrl(Path anchorFile) {
        return anchorFile.resolveSibling(anchorName(anchorFile) + ANCHOR_CRL_SUFFIX);
    }

    /** The certificate files of the trust anchors (not their CRLs); none without an anchors directory. */
    public java.util.List<Path> anchorCertificates() {
        java.util.List<Path> out = new java.util.ArrayList<>();
        if (!java.nio.file.Files.isDirectory(anchors())) {
            return out;
        }
        try (java.nio.file.DirectoryStream<Path> files = java.nio.file.Files.newDirectoryStream(anchors(), "*" + ANCHOR_SUFFIX)) {
            for (Path file : files) {
                if (anchorName(file) != null) {
                    out.add(file);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + anchors() + ": " + e.getMessage(), e);
        }
        java.util.Collections.sort(out);
        return out;
    }

    /** The anchor's name (file stem) of a certificate file in the anchors directory; null for its CRL files. */
    static String anchorName(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(ANCHOR_CRL_SUFFIX) || !name.endsWith(ANCHOR_SUFFIX) || name.startsWith(".")) {
            return null;
        }
        return name.substring(0, name.length() - ANCHOR_SUFFIX.length());
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

    /** The plain PEM private key, written only on request (OpenSSL interoperability). */
    public Path privateKey(String nodeId, KeyPurpose purpose) {
        return nodeDir(nodeId).resolve(purpose.label + "-key.pem");
    }

    public Path pkcs12(String nodeId, KeyPurpose purpose) {
        return nodeDir(nodeId).resolve(purpose.label + ".p12");
    }

    public Path retired(String nodeId) {
        return nodeDir(nodeId).resolve("retired");
    }

    /** Where a rotation keeps the certificate ({@code .pem}) or key store ({@code .p12}) it replaced. */
    public Path retired(String nodeId, java.security.cert.X509Certificate replaced, KeyPurpose purpose, String extension) {
        return retired(nodeId).resolve(replaced.getSerialNumber().toString(16) + "-" + purpose.label + extension);
    }

    public Path serverDir(String serverName) {
        return dir.resolve("servers").resolve(ServerCertificates.requireValidName(serverName));
    }

    public Path serverKeyStore(String serverName) {
        return serverDir(serverName).resolve("tls.p12");
    }

    /** Path as stored in registry.json: relative to the PKI directory, so the directory can move. */
    public String relative(Path file) {
        return dir.toAbsolutePath().relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }
}
