package eu.bus.witness;

import eu.bus.keys.Algorithms;
import eu.bus.keys.Providers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * A log's own signature on its checkpoint note with the node's P-256 signing key: signed-note type 0x02 (ECDSA as
 * the transparency-dev witness implements it: a DER ECDSA-SHA256 signature over the note text, and the key ID
 * the first four bytes of the SHA-256 of the key's DER SubjectPublicKeyInfo).
 */
public final class LogNoteSignature {

    private LogNoteSignature() {
    }

    public static int keyId(PublicKey key) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).getInt();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static NoteSignature sign(String keyName, PrivateKey key, PublicKey publicKey, String text) {
        try {
            Signature s = Signature.getInstance(Algorithms.CURRENT.signature, Providers.bouncyCastle());
            s.initSign(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return new NoteSignature(keyName, keyId(publicKey), s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the checkpoint note: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is this key's (name and key ID) and verifies over {@code text}. */
    public static boolean verifies(NoteSignature signature, String keyName, PublicKey key, String text) {
        if (!signature.keyName().equals(keyName) || signature.keyId() != keyId(key)) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(Algorithms.CURRENT.signature, Providers.bouncyCastle());
            s.initVerify(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(signature.signature());
        } catch (GeneralSecurityException e) {
            return false; // not a DER ECDSA signature: simply invalid
        }
    }
}
