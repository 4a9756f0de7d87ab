package eu.bus.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only RFC 6962 Merkle tree that keeps only its frontier: the roots of the perfect
 * subtrees that make up the current size (one per set bit), so an append costs O(1) amortised
 * and the state is O(log n). Not thread-safe.
 */
public final class CompactMerkleTree {

    private final List<byte[]> frontier = new ArrayList<>();
    private long size;

    public void append(byte[] leafHash) {
        byte[] h = leafHash;
        for (long s = size; (s & 1) == 1; s >>>= 1) {
            h = Sha256.nodeHash(frontier.remove(frontier.size() - 1), h);
        }
        frontier.add(h);
        size++;
    }

    public long size() {
        return size;
    }

    public byte[] root() {
        if (size == 0) {
            return Sha256.emptyTreeHash();
        }
        byte[] h = frontier.get(frontier.size() - 1);
        for (int i = frontier.size() - 2; i >= 0; i--) {
            h = Sha256.nodeHash(frontier.get(i), h);
        }
        return h;
    }

    /** The frontier as subtree ranges, leftmost (largest) first; what a consistency proof needs from the old tree. */
    public List<Subtree> frontier() {
        List<Subtree> out = new ArrayList<>(frontier.size());
        long start = 0;
        int i = 0;
        for (int bit = 63; bit >= 0; bit--) {
            long width = 1L << bit;
            if ((size & width) != 0) {
                out.add(new Subtree(start, start + width, frontier.get(i++)));
                start += width;
            }
        }
        return out;
    }

    /** The hash of leaves [start, end). */
    public record Subtree(long start, long end, byte[] hash) {
        public Subtree {
            hash = Arrays.copyOf(hash, hash.length);
        }
    }
}
