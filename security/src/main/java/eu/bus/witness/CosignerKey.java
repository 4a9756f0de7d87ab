package eu.bus.witness;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A witness's public key: its name and Ed25519 key, for timestamped cosignatures (c2sp.org/tlog-cosignature,
 * signature type 0x04). Written as a verifier key ("vkey": {@code <name>+<key ID hex>+<base64(0x04 || key)>}),
 * the form other transparency-log tools are configured with.
 */
public record CosignerKey(String name, byte[] publicKey) {

    static final byte TYPE = 0x04;

    public CosignerKey {
        new NoteSignature(name, 0, new byte[1]); // the same rules for the name as any key name
        if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new MalformedNoteException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    public int keyId() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(TYPE);
            sha.update(publicKey);
            return ByteBuffer.wrap(sha.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String vkey() {
        byte[] typed = ByteBuffer.allocate(1 + publicKey.length).put(TYPE).put(publicKey).array();
        return name + "+" + HexFormat.of().toHexDigits(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    public static CosignerKey parse(String vkey) {
        String[] parts = vkey.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new MalformedNoteException("a witness key is '<name>+<key ID>+<base64 key>', not '" + vkey.strip() + "'");
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("the key of witness '" + parts[0] + "' is not base64");
        }
        if (typed.length == 0 || typed[0] != TYPE) {
            throw new MalformedNoteException("the key of witness '" + parts[0] + "' is not of type 0x04 (Ed25519 cosignature)");
        }
        byte[] raw = new byte[typed.length - 1];
        System.arraycopy(typed, 1, raw, 0, raw.length);
        CosignerKey key = new CosignerKey(parts[0], raw);
        if (!HexFormat.of().toHexDigits(key.keyId()).equalsIgnoreCase(parts[1])) {
            throw new MalformedNoteException("the key ID " + parts[1] + " of witness '" + parts[0] + "' does not match its key ("
                    + HexFormat.of().toHexDigits(key.keyId()) + ")");
        }
        return key;
    }

    /** Whether the signature line is this witness's (name and key ID). */
    public boolean signed(NoteSignature signature) {
        return signature.keyName().equals(name) && signature.keyId() == keyId();
    }

    /**
     * @return the time the witness cosigned {@code checkpointText}, if {@code signature} is this witness's and
     *         verifies; empty otherwise
     */
    public Optional<Instant> verify(NoteSignature signature, String checkpointText) {
        if (!signed(signature) || signature.signature().length != 8 + Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.wrap(signature.signature());
        long time = bytes.getLong();
        if (time < 0) {
            return Optional.empty();
        }
        byte[] ed25519 = new byte[bytes.remaining()];
        bytes.get(ed25519);
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        byte[] message = signedMessage(time, checkpointText);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(ed25519) ? Optional.of(Instant.ofEpochSecond(time)) : Optional.empty();
    }

    /** What a cosignature/v1 signs: a header line, the time line, then the checkpoint's text. */
    static byte[] signedMessage(long time, String checkpointText) {
        return ("cosignature/v1\ntime " + time + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }
}
