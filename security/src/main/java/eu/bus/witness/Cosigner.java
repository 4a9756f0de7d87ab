package eu.bus.witness;

import eu.bus.audit.Durable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A witness's private key: signs timestamped Ed25519 cosignatures (cosignature/v1). Kept in the witness node's
 * directory as a 32-byte seed readable by its owner only, with its public verifier key beside it.
 */
public final class Cosigner {

    static final String KEY_FILE = "witness.key";

    private final CosignerKey publicKey;
    private final Ed25519PrivateKeyParameters key;

    private Cosigner(String name, Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.publicKey = new CosignerKey(name, key.generatePublicKey().getEncoded());
    }

    public static Cosigner generate(String name) {
        return new Cosigner(name, new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    /**
     * The cosigner kept in {@code directory} ({@code witness.key}, {@code witness.vkey}), made there on first use.
     * The name is the witness node's: a key found under another name is refused.
     */
    public static Cosigner inDirectory(Path directory, String name) throws IOException {
        Path seed = directory.resolve(KEY_FILE);
        Path vkey = directory.resolve("witness.vkey");
        if (Files.exists(seed)) {
            byte[] bytes = Files.readAllBytes(seed);
            if (bytes.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
                throw new IOException(seed + " is not a witness key (32 bytes); restore it from the backup, or delete it"
                        + " and register the new " + vkey.getFileName() + " with every auditor");
            }
            Cosigner cosigner = new Cosigner(name, new Ed25519PrivateKeyParameters(bytes, 0));
            if (Files.exists(vkey) && !CosignerKey.parse(Files.readString(vkey)).vkey().equals(cosigner.publicKey.vkey())) {
                throw new IOException(vkey + " does not match " + seed + " for witness " + name);
            }
            return cosigner;
        }
        Cosigner fresh = generate(name);
        Files.createDirectories(directory);
        Durable.writeAll(List.of(new Durable.Content(vkey, (fresh.publicKey.vkey() + "\n").getBytes(StandardCharsets.UTF_8))), true);
        Durable.writeAll(List.of(new Durable.Content(seed, fresh.key.getEncoded())), false,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return fresh;
    }

    public CosignerKey publicKey() {
        return publicKey;
    }

    /** A cosignature line on {@code checkpoint}, stamped with {@code time} (whole seconds). */
    public NoteSignature cosign(CheckpointNote checkpoint, Instant time) {
        long seconds = time.getEpochSecond();
        byte[] message = CosignerKey.signedMessage(seconds, checkpoint.text());
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        byte[] signature = signer.generateSignature();
        return new NoteSignature(publicKey.name(), publicKey.keyId(),
                ByteBuffer.allocate(8 + signature.length).putLong(seconds).put(signature).array());
    }
}
