package eu.bus.audit;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.Supplier;
import eu.bus.keys.Algorithms;
import eu.bus.keys.LiveCredentials;
import eu.bus.keys.NodeCredentials;

/**
 * Signs checkpoints with a JCA private key (the node's signing key) and presents its certificate. Built on
 * {@link LiveCredentials}, it uses the node's key of the moment: checkpoints after a rotation carry the new
 * certificate. It signs while the key is revoked too: the audit log must keep recording, and a verifier judges a
 * checkpoint by its certificate's standing at its time ({@link CheckpointRevocation}).
 */
public final class JcaCheckpointSigner implements CheckpointSigner {

    private static final String ALGORITHM = Algorithms.CURRENT.signature;

    private final Supplier<NodeCredentials> keys;
    private final PrivateKey key;
    private final X509Certificate certificate;

    public JcaCheckpointSigner(PrivateKey key, X509Certificate certificate) {
        this.keys = null;
        this.key = Objects.requireNonNull(key, "key");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
    }

    private JcaCheckpointSigner(LiveCredentials live) {
        this.keys = live::current;
        this.key = null;
        this.certificate = null;
    }

    /** The node's own signing key and certificate, as loaded from its PKI directory. */
    public static JcaCheckpointSigner of(NodeCredentials node) {
        return new JcaCheckpointSigner(node.signingKey(), node.signingCertificate());
    }

    /** The node's signing key and certificate as they are at each checkpoint. */
    public static JcaCheckpointSigner of(LiveCredentials node) {
        return new JcaCheckpointSigner(Objects.requireNonNull(node, "node"));
    }

    @Override
    public CheckpointSigner pinned() {
        return keys == null ? this : of(keys.get());
    }

    @Override
    public X509Certificate certificate() {
        return keys == null ? certificate : keys.get().signingCertificate();
    }

    @Override
    public String signatureAlgorithm() {
        return ALGORITHM;
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature s = CheckpointAuthenticator.signature(ALGORITHM);
            s.initSign(keys == null ? key : keys.get().signingKey());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint with the node's signing key: " + e.getMessage(), e);
        }
    }
}
