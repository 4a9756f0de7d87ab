package eu.bus.audit;

/** Supplies the RFC 6962 hash of the leaves [start, end); proofs are built from such hashes. */
@FunctionalInterface
public interface SubtreeHasher {
    byte[] hash(long start, long end);
}
