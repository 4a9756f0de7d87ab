package eu.bus.keys;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * Certificates the bus CA really issues but the registry never pinned: what a mistaken or attacked CA
 * operator would produce. The CA is loaded from its offline directory, as only {@code bus keys} does.
 */
public final class RogueCertificates {

    /** A key pair with its certificate (and the CA's, for a chain). */
    public record Issued(KeyPair keys, X509Certificate certificate, X509Certificate ca) {
    }

    private RogueCertificates() {
    }

    /** A fresh certificate for {@code nodeId} and {@code purpose}, signed by the CA of the PKI in {@code pkiDir}. */
    public static Issued issue(Path pkiDir, String nodeId, KeyPurpose purpose) {
        PkiLayout layout = new PkiLayout(pkiDir);
        BusCa ca = BusCa.load(layout, ProtectedKeyStore.ofCa(layout.offlineCa()));
        KeyPair keys = BusCa.newKeyPair();
        Instant now = Instant.now();
        return new Issued(keys, ca.issue(nodeId, purpose, keys.getPublic(), now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(30))), ca.certificate());
    }

    /** Issues the node a new signing certificate and pins it in the registry, without revoking the old one. */
    public static Issued reregister(Path pkiDir, String nodeId) {
        Issued fresh = issue(pkiDir, nodeId, KeyPurpose.SIGNING);
        PkiLayout layout = new PkiLayout(pkiDir);
        SecureFiles.writePublic(layout.certificate(nodeId, KeyPurpose.SIGNING),
                Pem.certificate(fresh.certificate()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        NodeRegistry.load(pkiDir).with(RegisteredNode.of(nodeId, layout)).save();
        return fresh;
    }
}
