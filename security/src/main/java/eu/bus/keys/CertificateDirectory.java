package eu.bus.keys;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a sender finds the other nodes' certificates: the ones the registry pins now. The registry-backed
 * directory follows the registry ({@link LiveRegistry}), so after {@code bus keys rotate NODE} a sender
 * encrypts to the node's new certificate without a restart. Each certificate file is read once per
 * registered fingerprint and must match it.
 */
public interface CertificateDirectory {

    X509Certificate certificate(String nodeId, KeyPurpose purpose);

    default X509Certificate encryptionCertificate(String nodeId) {
        return certificate(nodeId, KeyPurpose.ENCRYPTION);
    }

    /**
     * Changes (is no longer equal) when the certificates served may have changed: a sender compares it to decide
     * whether to look for copies protected for replaced certificates. A fixed directory never changes.
     */
    default Object version() {
        return this;
    }

    static CertificateDirectory of(LiveRegistry registry) {
        return new CertificateDirectory() {
            /** Keyed by fingerprint: a rotation registers a new one, so nothing stale is ever served. */
            private final Map<String, X509Certificate> byFingerprint = new ConcurrentHashMap<>();

            /** The registry as loaded: a reload after a rotation or an enrolment is a new object. */
            @Override
            public Object version() {
                return registry.current();
            }

            @Override
            public X509Certificate certificate(String nodeId, KeyPurpose purpose) {
                NodeRegistry current = registry.current();
                RegisteredNode node = current.require(nodeId);
                return byFingerprint.computeIfAbsent(node.fingerprint(purpose), registered -> {
                    java.nio.file.Path file = current.certificatePath(nodeId, purpose);
                    X509Certificate certificate = Pem.readCertificate(file);
                    String actual = CertificateFingerprint.of(certificate);
                    if (!actual.equals(registered)) {
                        throw new IllegalStateException(file + " (SHA-256 " + actual + ") is not the " + purpose.label
                                + " certificate registered for " + nodeId + " (SHA-256 " + registered + "): the PKI files are"
                                + " out of step; copy the current PKI from the CA operator ('bus keys rotate " + nodeId
                                + "' writes both)");
                    }
                    return certificate;
                });
            }
        };
    }
}
