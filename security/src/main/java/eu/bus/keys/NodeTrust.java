package eu.bus.keys;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * The one place that decides whether a certificate speaks for a node: it must be trusted now by
 * {@link BusTrust} (bus CA or trust anchor, validity, its CRL, key usage) and be the very certificate the node registry pins
 * for that node and purpose (SHA-256 fingerprint). Naming a node in the subject is not enough: the CA
 * could have issued, by mistake or under attack, another certificate with the same name. Used by broker
 * logins and the revocation sweep, the REST API, message opening (signer, forwarded signer) and the
 * sender's check of each recipient's encryption certificate. Follows both {@code crl.pem} and
 * {@code registry.json}, so a revocation or rotation takes effect without a restart.
 */
public final class NodeTrust {

    private final BusTrust trust;
    private final LiveRegistry registry;

    public NodeTrust(BusTrust trust, LiveRegistry registry) {
        this.trust = trust;
        this.registry = registry;
    }

    /** Trust and registry of the PKI in {@code pkiDir}, both followed. */
    public static NodeTrust load(Path pkiDir) {
        return new NodeTrust(BusTrust.load(pkiDir), LiveRegistry.follow(pkiDir));
    }

    public BusTrust busTrust() {
        return trust;
    }

    public LiveRegistry registry() {
        return registry;
    }

    /**
     * The node this certificate is the registered {@code purpose} certificate of (the node its subject names),
     * trusted at {@code at}. Throws the {@link CertificateRejectedException} that names the failed check.
     */
    public String authenticate(X509Certificate certificate, KeyPurpose purpose, Instant at) {
        trust.validate(certificate, purpose, at);
        String node = CertificateNames.nodeIdOf(certificate);
        requireRegistered(node, certificate, purpose);
        return node;
    }

    /** Throws unless {@code certificate} is {@code node}'s registered {@code purpose} certificate, trusted at {@code at}. */
    public void verify(String node, X509Certificate certificate, KeyPurpose purpose, Instant at) {
        trust.validate(certificate, purpose, at);
        requireRegistered(node, certificate, purpose);
    }

    private void requireRegistered(String node, X509Certificate certificate, KeyPurpose purpose) {
        NodeRegistry current = registry.current();
        Optional<RegisteredNode> entry = node == null ? Optional.empty() : current.find(node);
        String presented = CertificateFingerprint.of(certificate);
        if (entry.isEmpty()) {
            throw new UnregisteredCertificateException(CertificateNames.describe(certificate, purpose) + " (SHA-256 "
                    + presented + ") names no node of the registry " + new PkiLayout(current.dir()).registry()
                    + ": only enrolled nodes take part; enrol the node ('bus keys add NODE' or an operator's registration),"
                    + " or report a certificate the CA should not have issued to the CA operator");
        }
        String registered = entry.get().fingerprint(purpose);
        if (!registered.equals(presented)) {
            throw new UnregisteredCertificateException(CertificateNames.describe(certificate, purpose) + " (SHA-256 "
                    + presented + ") is not the " + purpose.label + " certificate registered for '" + node + "' in "
                    + new PkiLayout(current.dir()).registry() + " (SHA-256 " + registered + "): the bus CA issued it, but"
                    + " it was replaced by a rotation or never registered. A node must use its current keys (a running node"
                    + " takes them within seconds of 'bus keys rotate " + node + "'); a certificate nobody rotated should"
                    + " be reported to the CA operator and revoked");
        }
    }
}
