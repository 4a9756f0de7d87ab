package eu.bus.audit;

import java.security.cert.X509Certificate;

/** Signs checkpoints with the node's signing key; the certificate travels with each signature. */
public interface CheckpointSigner {

    X509Certificate certificate();

    String signatureAlgorithm();

    byte[] sign(byte[] data);
}
