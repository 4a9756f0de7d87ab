package eu.bus.keys;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's own keys and certificates, read once from its password-protected key stores and then held in
 * memory (opening a PKCS#12 file per message would dominate the cost of small messages).
 */
public final class NodeCredentials {

    private final String nodeId;
    private final PrivateKey signingKey;
    private final X509Certificate signingCertificate;
    private final PrivateKey encryptionKey;
    private final X509Certificate encryptionCertificate;
    private final List<RetiredKeys.Retired> retired;
    private final List<String> retiredProblems;

    public NodeCredentials(String nodeId, PrivateKey signingKey, X509Certificate signingCertificate,
                           PrivateKey encryptionKey, X509Certificate encryptionCertificate) {
        this(nodeId, signingKey, signingCertificate, encryptionKey, encryptionCertificate, List.of(), List.of());
    }

    private NodeCredentials(String nodeId, PrivateKey signingKey, X509Certificate signingCertificate, PrivateKey encryptionKey,
                            X509Certificate encryptionCertificate, List<RetiredKeys.Retired> retired, List<String> retiredProblems) {
        this.nodeId = NodeId.requireValid(nodeId);
        this.signingKey = signingKey;
        this.signingCertificate = signingCertificate;
        this.encryptionKey = encryptionKey;
        this.encryptionCertificate = encryptionCertificate;
        this.retired = List.copyOf(retired);
        this.retiredProblems = List.copyOf(retiredProblems);
    }

    /** Reads the node's keys from its key stores (passwords from the environment or the password file). */
    public static NodeCredentials load(Path pkiDir, String nodeId) {
        return load(pkiDir, nodeId, KeyStorePasswords.fromEnvironment());
    }

    /**
     * Reads the node's signing and encryption key stores and checks that each key belongs to its certificate
     * and that the certificate is the one the registry pins for the node (a restored or half-rotated key store
     * would otherwise sign with a certificate every other node refuses). Also reads the encryption keys its
     * rotations replaced ({@link RetiredKeys}).
     */
    public static NodeCredentials load(Path pkiDir, String nodeId, KeyStorePasswords passwords) {
        RegisteredNode registered = NodeRegistry.load(pkiDir).require(nodeId);
        PrivateKey[] keys = new PrivateKey[2];
        X509Certificate[] certs = new X509Certificate[2];
        for (KeyPurpose purpose : KeyPurpose.values()) {
            ProtectedKeyStore store = ProtectedKeyStore.ofNode(pkiDir, nodeId, purpose).with(passwords);
            ProtectedKeyStore.Entry entry = store.entry();
            String fingerprint = CertificateFingerprint.of(entry.certificate());
            if (!fingerprint.equals(registered.fingerprint(purpose))) {
                throw new IllegalArgumentException(store.file() + " holds the " + purpose.label + " certificate serial "
                        + entry.certificate().getSerialNumber().toString(16) + " (SHA-256 " + fingerprint + "), but the registry"
                        + " pins SHA-256 " + registered.fingerprint(purpose) + " for " + nodeId + ": the key store is out of step"
                        + " with the registry (a restored backup, or an interrupted rotation?); copy the current key store from"
                        + " the CA operator, or issue new keys with '" + KeysHint.command("rotate " + nodeId, pkiDir) + "'");
            }
            if (!matches(entry.key(), entry.certificate())) {
                throw new IllegalArgumentException("the private key in " + store.file() + " does not belong to its certificate: the"
                        + " key store is damaged; issue new keys with '" + KeysHint.command("rotate " + nodeId, pkiDir) + "'");
            }
            keys[purpose.ordinal()] = entry.key();
            certs[purpose.ordinal()] = entry.certificate();
        }
        List<String> problems = new ArrayList<>();
        List<RetiredKeys.Retired> retired = RetiredKeys.load(pkiDir, nodeId, passwords, problems);
        return new NodeCredentials(nodeId, keys[0], certs[0], keys[1], certs[1], retired, problems);
    }

    /** True if the certificate's public point is G * d of the private key (EC keys only). */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        if (!(key instanceof org.bouncycastle.jce.interfaces.ECPrivateKey ec)) {
            return false;
        }
        org.bouncycastle.math.ec.ECPoint expected = ec.getParameters().getG().multiply(ec.getD()).normalize();
        byte[] actual = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
                .getPublicKeyData().getBytes();
        return java.util.Arrays.equals(expected.getEncoded(false), actual);
    }

    public String nodeId() {
        return nodeId;
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    public X509Certificate signingCertificate() {
        return signingCertificate;
    }

    public PrivateKey encryptionKey() {
        return encryptionKey;
    }

    public X509Certificate encryptionCertificate() {
        return encryptionCertificate;
    }

    /** The encryption keys this node's rotations replaced: what was encrypted to them still opens. */
    public List<RetiredKeys.Retired> retiredEncryptionKeys() {
        return retired;
    }

    /** Retired key stores that did not open (each with its reason); empty when the whole key history loaded. */
    public List<String> retiredKeyProblems() {
        return retiredProblems;
    }

    @Override
    public String toString() {
        return "NodeCredentials[" + nodeId + "]"; // never print key material
    }
}
