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

    public static NodeCredentials load(Path pkiDir, String nodeId) {
        PkiLayout layout = new PkiLayout(pkiDir);
        return new NodeCredentials(nodeId,
                Pem.readPrivateKey(layout.privateKey(nodeId, KeyPurpose.SIGNING)),
                Pem.readCertificate(layout.certificate(nodeId, KeyPurpose.SIGNING)),
                Pem.readPrivateKey(layout.privateKey(nodeId, KeyPurpose.ENCRYPTION)),
                Pem.readCertificate(layout.certificate(nodeId, KeyPurpose.ENCRYPTION)));
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
