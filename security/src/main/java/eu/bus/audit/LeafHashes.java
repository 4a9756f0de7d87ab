package eu.bus.audit;

import java.util.Arrays;

/** A growable array of leaf hashes (32 bytes each) that hashes any range the RFC 6962 way. */
public final class LeafHashes implements SubtreeHasher {

    private final long first;
    private byte[] data = new byte[Sha256.LENGTH * 1024];
    private int count;

    /** @param first the tree index of the first leaf held, so ranges are given in tree coordinates */
    public LeafHashes(long first) {
        this.first = first;
    }

    public void add(byte[] leafHash) {
        if ((count + 1) * Sha256.LENGTH > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        System.arraycopy(leafHash, 0, data, count * Sha256.LENGTH, Sha256.LENGTH);
        count++;
    }

    public long end() {
        return first + count;
    }

    public byte[] leaf(long index) {
        int i = Math.toIntExact(index - first);
        return Arrays.copyOfRange(data, i * Sha256.LENGTH, (i + 1) * Sha256.LENGTH);
    }

    @Override
    public byte[] hash(long start, long end) {
        if (start < first || end > end() || start >= end) {
            throw new IllegalArgumentException("leaves [" + start + ", " + end + ") are not held here");
        }
        if (end - start == 1) {
            return leaf(start);
        }
        long k = MerkleProofs.largestPowerOfTwoBelow(end - start);
        return Sha256.nodeHash(hash(start, start + k), hash(start + k, end));
    }
}
