package eu.bus.keys;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A node's own keys and certificates, read once from the PKI directory and then held in memory
 * (reading and parsing PEM per message would dominate the cost of small messages).
 */
public final class NodeCredentials {

    private final String nodeId;
    private final PrivateKey signingKey;
    private final X509Certificate signingCertificate;
    private final PrivateKey encryptionKey;
    private final X509Certificate encryptionCertificate;

    public NodeCredentials(String nodeId, PrivateKey signingKey, X509Certificate signingCertificate,
                           PrivateKey encryptionKey, X509Certificate encryptionCertificate) {
        this.nodeId = NodeId.requireValid(nodeId);
        this.signingKey = signingKey;
        this.signingCertificate = signingCertificate;
        this.encryptionKey = encryptionKey;
        this.encryptionCertificate = encryptionCertificate;
    }

    /** Reads the node's keys and certificates and checks that each key belongs to its certificate. */
    public static NodeCredentials load(Path pkiDir, String nodeId) {
        PkiLayout layout = new PkiLayout(pkiDir);
        PrivateKey[] keys = new PrivateKey[2];
        X509Certificate[] certs = new X509Certificate[2];
        for (KeyPurpose purpose : KeyPurpose.values()) {
            Path keyFile = layout.privateKey(nodeId, purpose);
            Path certFile = layout.certificate(nodeId, purpose);
            keys[purpose.ordinal()] = Pem.readPrivateKey(keyFile);
            certs[purpose.ordinal()] = Pem.readCertificate(certFile);
            if (!matches(keys[purpose.ordinal()], certs[purpose.ordinal()])) {
                throw new IllegalArgumentException(keyFile + " does not belong to " + certFile + " of " + nodeId
                        + ": the files are out of step (an interrupted rotation?); run 'bus keys rotate " + nodeId
                        + " --dir " + pkiDir + "'");
            }
        }
        return new NodeCredentials(nodeId, keys[0], certs[0], keys[1], certs[1]);
    }

    /** True if the certificate's public point is G * d of the private key (EC keys only). */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
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

    @Override
    public String toString() {
        return "NodeCredentials[" + nodeId + "]"; // never print key material
    }
}
