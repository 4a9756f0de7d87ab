package eu.bus.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 inclusion and consistency proofs: generation (RFC 6962 section 2.1.1 / 2.1.2, PATH and
 * SUBPROOF) over any {@link SubtreeHasher}, and verification (RFC 9162 sections 2.1.3.2 and 2.1.4.2),
 * which needs nothing but the hashes.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /** The largest power of two strictly smaller than n (n >= 2): where RFC 6962 splits a tree. */
    public static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    public static List<byte[]> inclusionProof(long leafIndex, long treeSize, SubtreeHasher tree) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is outside a tree of size " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        path(leafIndex, 0, treeSize, tree, path);
        return path;
    }

    private static void path(long m, long start, long end, SubtreeHasher tree, List<byte[]> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, start + k, tree, out);
            out.add(tree.hash(start + k, end));
        } else {
            path(m - k, start + k, end, tree, out);
            out.add(tree.hash(start, start + k));
        }
    }

    /** Proof that the tree of size {@code oldSize} is a prefix of the tree of size {@code newSize}. */
    public static List<byte[]> consistencyProof(long oldSize, long newSize, SubtreeHasher tree) {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("no consistency proof from size " + oldSize + " to " + newSize);
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize > 0 && oldSize < newSize) {
            subproof(oldSize, 0, newSize, true, tree, proof);
        }
        return proof;
    }

    private static void subproof(long m, long start, long end, boolean whole, SubtreeHasher tree, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                out.add(tree.hash(start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, start + k, whole, tree, out);
            out.add(tree.hash(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, tree, out);
            out.add(tree.hash(start, start + k));
        }
    }

    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof,
                                          byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Sha256.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = Sha256.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot,
                                            List<byte[]> proof) {
        if (oldSize < 0 || oldSize > newSize) {
            return false;
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        if (oldSize == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(oldSize) == 1) {
            path.add(oldRoot);
        }
        path.addAll(proof);
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Sha256.nodeHash(c, fr);
                sr = Sha256.nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                sr = Sha256.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
    }
}
