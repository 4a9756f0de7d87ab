package eu.bus.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed statement by a node: "my log held {@code treeSize} records, with this Merkle root, at
 * this time". It carries the signer's certificate so the CA certificate alone suffices to check it.
 *
 * @param rootHash    hex SHA-256 RFC 6962 root of records [0, treeSize)
 * @param signature   base64 signature over {@link #signedBytes()}
 * @param certificate base64 DER of the signer's X.509 certificate
 */
public record Checkpoint(
        String node,
        long treeSize,
        String rootHash,
        Instant time,
        String signatureAlgorithm,
        String signature,
        String certificate) {

    private static final String STATEMENT = "bus-audit-checkpoint/v1";

    public Checkpoint {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** What is signed: a fixed text, so no JSON canonicalisation question can arise. */
    public static byte[] signedBytes(String node, long treeSize, String rootHash, Instant time) {
        return (STATEMENT + "\n" + node + "\n" + treeSize + "\n" + rootHash + "\n" + time + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @JsonIgnore
    public byte[] signedBytes() {
        return signedBytes(node, treeSize, rootHash, time);
    }
}
