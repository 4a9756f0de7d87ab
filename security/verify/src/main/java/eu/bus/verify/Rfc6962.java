package eu.bus.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 hashing as the verifier computes it: leaf {@code SHA-256(0x00 || data)}, node
 * {@code SHA-256(0x01 || left || right)}, the tree of n leaves split at the largest power of two below n. The
 * verifier recomputes the root from every record at every checkpoint, so it needs no consistency proofs: two roots
 * computed from the same leaves are consistent by construction.
 */
final class Rfc6962 {

    private Rfc6962() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] leaf(byte[] data, int offset, int length) {
        MessageDigest sha = sha256();
        sha.update((byte) 0);
        sha.update(data, offset, length);
        return sha.digest();
    }

    static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The root of the leaves so far, kept as the perfect subtrees of the binary decomposition of their count. */
    static final class Tree {
        private final List<byte[]> perfect = new ArrayList<>(); // largest first
        private final List<Long> sizes = new ArrayList<>();
        private long size;

        void add(byte[] leafHash) {
            byte[] hash = leafHash;
            long width = 1;
            while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == width) {
                hash = node(perfect.remove(perfect.size() - 1), hash);
                sizes.remove(sizes.size() - 1);
                width *= 2;
            }
            perfect.add(hash);
            sizes.add(width);
            size++;
        }

        long size() {
            return size;
        }

        byte[] root() {
            if (perfect.isEmpty()) {
                return sha256().digest();
            }
            byte[] root = perfect.get(perfect.size() - 1);
            for (int i = perfect.size() - 2; i >= 0; i--) {
                root = node(perfect.get(i), root);
            }
            return root;
        }
    }
}
