package eu.bus.keys;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a sender finds the other nodes' certificates. The registry-backed directory reads each certificate
 * once and keeps it; after a rotation, call {@link #forget} (or build a new directory).
 */
public interface CertificateDirectory {

    X509Certificate certificate(String nodeId, KeyPurpose purpose);

    default X509Certificate encryptionCertificate(String nodeId) {
        return certificate(nodeId, KeyPurpose.ENCRYPTION);
    }

    /** Drops what is cached for the node so the next lookup reads the files again. */
    default void forget(String nodeId) {
    }

    static CertificateDirectory of(NodeRegistry registry) {
        return new CertificateDirectory() {
            private final Map<String, X509Certificate> cache = new ConcurrentHashMap<>();

            @Override
            public X509Certificate certificate(String nodeId, KeyPurpose purpose) {
                return cache.computeIfAbsent(nodeId + '/' + purpose.label,
                        k -> Pem.readCertificate(registry.certificatePath(nodeId, purpose)));
            }

            @Override
            public void forget(String nodeId) {
                cache.keySet().removeIf(k -> k.startsWith(nodeId + '/'));
            }
        };
    }
}
