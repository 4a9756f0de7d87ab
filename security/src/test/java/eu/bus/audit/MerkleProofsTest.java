package eu.bus.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6962 test vectors (certificate-transparency / transparency-dev reference leaves and roots),
 * plus an independent naive rebuild for every tree shape up to 40 leaves, plus mutated proofs.
 */
class MerkleProofsTest {

    static final HexFormat HEX = HexFormat.of();
    static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    static final String[] ROOTS = {
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    static LeafHashes referenceTree() {
        LeafHashes t = new LeafHashes(0);
        for (String l : LEAVES) {
            t.add(Sha256.leafHash(HEX.parseHex(l)));
        }
        return t;
    }

    static List<String> hex(List<byte[]> proof) {
        return proof.stream().map(HEX::formatHex).toList();
    }

    @Test
    void shouldMatchPublishedRootsWhenTreeHoldsReferenceLeaves() {
        CompactMerkleTree tree = new CompactMerkleTree();
        assertEquals(ROOTS[0], HEX.formatHex(tree.root()));
        for (int n = 1; n <= LEAVES.length; n++) {
            tree.append(Sha256.leafHash(HEX.parseHex(LEAVES[n - 1])));
            assertEquals(ROOTS[n], HEX.formatHex(tree.root()), "size " + n);
            assertEquals(ROOTS[n], HEX.formatHex(referenceTree().hash(0, n)), "size " + n);
        }
    }

    @Test
    void shouldMatchPublishedProofsWhenAskedForReferenceInclusionAndConsistency() {
        LeafHashes t = referenceTree();
        assertEquals(List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
                hex(MerkleProofs.inclusionProof(0, 8, t)));
        assertEquals(List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                hex(MerkleProofs.inclusionProof(5, 8, t)));
        assertEquals(List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
                hex(MerkleProofs.consistencyProof(2, 8, t)));
        assertEquals(List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                hex(MerkleProofs.consistencyProof(6, 8, t)));
        assertEquals(List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                hex(MerkleProofs.consistencyProof(2, 5, t)));
    }

    // ---- an independent naive rebuild: straight from the RFC's recursive definition ----

    static byte[] naiveRoot(List<byte[]> data) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        if (data.isEmpty()) {
            return md.digest();
        }
        if (data.size() == 1) {
            md.update((byte) 0);
            return md.digest(data.get(0));
        }
        int k = 1;
        while (k * 2 < data.size()) {
            k *= 2;
        }
        byte[] l = naiveRoot(data.subList(0, k));
        byte[] r = naiveRoot(data.subList(k, data.size()));
        md.update((byte) 1);
        md.update(l);
        return md.digest(r);
    }

    static List<byte[]> data(int n) {
        List<byte[]> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d.add(new byte[] {(byte) i, (byte) (i * 7), 42});
        }
        return d;
    }

    @Test
    void shouldAgreeWithNaiveRebuildWhenTreeHasAnyShape() throws Exception {
        List<byte[]> d = data(40);
        CompactMerkleTree tree = new CompactMerkleTree();
        LeafHashes leaves = new LeafHashes(0);
        for (int n = 1; n <= d.size(); n++) {
            byte[] leaf = Sha256.leafHash(d.get(n - 1));
            tree.append(leaf);
            leaves.add(leaf);
            byte[] root = naiveRoot(d.subList(0, n));
            assertArrayEquals(root, tree.root(), "size " + n);
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = MerkleProofs.inclusionProof(i, n, leaves);
                assertTrue(MerkleProofs.verifyInclusion(i, n, leaves.leaf(i), proof, root), i + "/" + n);
            }
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = MerkleProofs.consistencyProof(m, n, leaves);
                assertTrue(MerkleProofs.verifyConsistency(m, n, naiveRoot(d.subList(0, m)), root, proof), m + "->" + n);
            }
        }
    }

    @Test
    void shouldRejectInclusionProofWhenMutated() throws Exception {
        List<byte[]> d = data(13);
        LeafHashes leaves = new LeafHashes(0);
        d.forEach(x -> leaves.add(Sha256.leafHash(x)));
        byte[] root = naiveRoot(d);
        for (int i = 0; i < 13; i++) {
            List<byte[]> proof = MerkleProofs.inclusionProof(i, 13, leaves);
            byte[] leaf = leaves.leaf(i);
            assertFalse(MerkleProofs.verifyInclusion(i, 13, leaf, proof, Sha256.hash(root)), "wrong root");
            assertFalse(MerkleProofs.verifyInclusion(i, 13, Sha256.hash(leaf), proof, root), "wrong leaf");
            assertFalse(MerkleProofs.verifyInclusion(i ^ 1, 13, leaf, proof, root), "wrong index");
            // A size with a different tree height (a size of the same shape yields the same path:
            // the size is bound by the signed checkpoint, not by the path).
            assertFalse(MerkleProofs.verifyInclusion(i, 26, leaf, proof, root), "wrong height");
            assertFalse(MerkleProofs.verifyInclusion(i, 13, leaf, proof.subList(0, proof.size() - 1), root),
                    "truncated");
            List<byte[]> longer = new ArrayList<>(proof);
            longer.add(leaf);
            assertFalse(MerkleProofs.verifyInclusion(i, 13, leaf, longer, root), "extended");
            for (int p = 0; p < proof.size(); p++) {
                List<byte[]> bad = new ArrayList<>(proof);
                byte[] flipped = bad.get(p).clone();
                flipped[0] ^= 1;
                bad.set(p, flipped);
                assertFalse(MerkleProofs.verifyInclusion(i, 13, leaf, bad, root), "flipped node " + p);
            }
        }
    }

    @Test
    void shouldRejectConsistencyProofWhenMutated() throws Exception {
        List<byte[]> d = data(21);
        LeafHashes leaves = new LeafHashes(0);
        d.forEach(x -> leaves.add(Sha256.leafHash(x)));
        byte[] newRoot = naiveRoot(d);
        for (int m = 1; m < 21; m++) {
            byte[] oldRoot = naiveRoot(d.subList(0, m));
            List<byte[]> proof = MerkleProofs.consistencyProof(m, 21, leaves);
            assertFalse(MerkleProofs.verifyConsistency(m, 21, Sha256.hash(oldRoot), newRoot, proof), "old root " + m);
            assertFalse(MerkleProofs.verifyConsistency(m, 21, oldRoot, Sha256.hash(newRoot), proof), "new root " + m);
            assertFalse(MerkleProofs.verifyConsistency(m, 42, oldRoot, newRoot, proof), "wrong height " + m);
            assertFalse(MerkleProofs.verifyConsistency(m, 21, oldRoot, newRoot, List.of()), "empty " + m);
            for (int p = 0; p < proof.size(); p++) {
                List<byte[]> bad = new ArrayList<>(proof);
                byte[] flipped = bad.get(p).clone();
                flipped[31] ^= 1;
                bad.set(p, flipped);
                assertFalse(MerkleProofs.verifyConsistency(m, 21, oldRoot, newRoot, bad), m + " flipped " + p);
            }
        }
    }
}
