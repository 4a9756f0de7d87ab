package eu.bus.verify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A witness the auditor trusts, from its C2SP verifier key ({@code name+keyID+base64(0x04 || Ed25519 key)}), and the
 * check of its timestamped cosignatures ({@code cosignature/v1}) with the JDK's Ed25519.
 */
record WitnessKey(String name, int keyId, PublicKey key) {

    private static final byte COSIGNATURE_V1 = 0x04;
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");

    static WitnessKey parse(String vkey) {
        String[] parts = vkey.strip().split("\\+", 3);
        if (parts.length != 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("a witness key is '<name>+<key ID>+<base64 key>', not '" + vkey.strip() + "'");
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key of witness '" + parts[0] + "' is not base64");
        }
        if (typed.length != 33 || typed[0] != COSIGNATURE_V1) {
            throw new IllegalArgumentException("the key of witness '" + parts[0] + "' is not a 32-byte Ed25519 key of type 0x04");
        }
        byte[] raw = java.util.Arrays.copyOfRange(typed, 1, 33);
        MessageDigest sha = Rfc6962.sha256();
        sha.update((parts[0] + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(COSIGNATURE_V1);
        sha.update(raw);
        int id = ByteBuffer.wrap(sha.digest()).getInt();
        if (!String.format("%08x", id).equalsIgnoreCase(parts[1])) {
            throw new IllegalArgumentException("the key ID " + parts[1] + " of witness '" + parts[0] + "' does not match its key");
        }
        try {
            byte[] spki = ByteBuffer.allocate(ED25519_SPKI.length + 32).put(ED25519_SPKI).put(raw).array();
            return new WitnessKey(parts[0], id, KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key of witness '" + parts[0] + "' is not an Ed25519 key: " + e.getMessage());
        }
    }

    /** When this witness cosigned {@code checkpointText}, if the line is its and verifies. */
    Optional<Instant> cosigned(String lineName, byte[] keyIdAndSignature, String checkpointText) {
        if (!lineName.equals(name) || keyIdAndSignature.length != 4 + 8 + 64) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.wrap(keyIdAndSignature);
        if (bytes.getInt() != keyId) {
            return Optional.empty();
        }
        long time = bytes.getLong();
        byte[] signature = new byte[64];
        bytes.get(signature);
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(("cosignature/v1\ntime " + time + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8));
            return time >= 0 && ed25519.verify(signature) ? Optional.of(Instant.ofEpochSecond(time)) : Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
