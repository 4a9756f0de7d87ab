package eu.bus.audit;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Objects;
import eu.bus.keys.Algorithms;
import eu.bus.keys.NodeCredentials;

/** Signs checkpoints with a JCA private key (the node's signing key) and presents its certificate. */
public final class JcaCheckpointSigner implements CheckpointSigner {

    private static final String ALGORITHM = Algorithms.CURRENT.signature;

    private final PrivateKey key;
    private final X509Certificate certificate;

    public JcaCheckpointSigner(PrivateKey key, X509Certificate certificate) {
        this.key = Objects.requireNonNull(key, "key");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
    }

    /** The node's own signing key and certificate, as loaded from its PKI directory. */
    public static JcaCheckpointSigner of(NodeCredentials node) {
        return new JcaCheckpointSigner(node.signingKey(), node.signingCertificate());
    }

    @Override
    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public String signatureAlgorithm() {
        return ALGORITHM;
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature s = CheckpointAuthenticator.signature(ALGORITHM);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint with the node's signing key: " + e.getMessage(), e);
        }
    }
}
