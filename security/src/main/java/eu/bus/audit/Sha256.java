package eu.bus.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and the RFC 6962 domain-separated leaf and node hashes. One digest per thread: they are not thread-safe. */
public final class Sha256 {

    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    public static byte[] hash(byte[] data) {
        MessageDigest md = DIGEST.get();
        return md.digest(data);
    }

    public static String hex(byte[] data) {
        return HEX.formatHex(hash(data));
    }

    /** RFC 6962 leaf hash: SHA-256(0x00 || data); the prefix keeps a leaf from being passed off as an inner node. */
    public static byte[] leafHash(byte[] data, int offset, int length) {
        MessageDigest md = DIGEST.get();
        md.update(LEAF_PREFIX);
        md.update(data, offset, length);
        return md.digest();
    }

    public static byte[] leafHash(byte[] data) {
        return leafHash(data, 0, data.length);
    }

    /** RFC 6962 inner node hash: SHA-256(0x01 || left || right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = DIGEST.get();
        md.update(NODE_PREFIX);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    public static byte[] emptyTreeHash() {
        return hash(new byte[0]);
    }

    public static String toHex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    public static byte[] fromHex(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("not a SHA-256 hash in hex: " + hex);
        }
        return HEX.parseHex(hex);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the Java runtime has no SHA-256", e);
        }
    }
}
