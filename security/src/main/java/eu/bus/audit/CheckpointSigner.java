package eu.bus.audit;

import java.security.cert.X509Certificate;

/** Signs checkpoints with the node's signing key; the certificate travels with each signature. */
public interface CheckpointSigner {

    X509Certificate certificate();

    String signatureAlgorithm();

    byte[] sign(byte[] data);

    /** A signer whose key and certificate cannot change between {@link #sign} and {@link #certificate} (the node's keys can be rotated). */
    default CheckpointSigner pinned() {
        return this;
    }
}
