package eu.bus.witness;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * One signature line of a signed note: {@code — <key name> base64(key ID || signature)} (c2sp.org/signed-note).
 * The key name and 4-byte key ID say which key signed; a verifier ignores lines of keys it does not know.
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {

    /** The em dash and space that start a signature line. */
    static final String PREFIX = "\u2014 ";

    public NoteSignature {
        if (keyName.isEmpty() || keyName.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '+')) {
            throw new MalformedNoteException("key name '" + keyName + "' is empty or holds a space or a '+'");
        }
    }

    /** The line as written under the note, with its final newline. */
    public String line() {
        return PREFIX + keyName + " " + encoded() + "\n";
    }

    /** base64(key ID || signature): what the line carries after the key name. */
    public String encoded() {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array());
    }

    /** The signature of {@code keyName} from its {@link #encoded()} form. */
    public static NoteSignature decode(String keyName, String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("the signature of key '" + keyName + "' is not base64");
        }
        if (bytes.length < 5) {
            throw new MalformedNoteException("the signature of key '" + keyName + "' is shorter than a key ID and one byte");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int id = buffer.getInt();
        byte[] signature = new byte[buffer.remaining()];
        buffer.get(signature);
        return new NoteSignature(keyName, id, signature);
    }

    /** @param line one signature line without its newline */
    static NoteSignature parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new MalformedNoteException("a signature line must start with an em dash and a space: '" + line + "'");
        }
        String rest = line.substring(PREFIX.length());
        int space = rest.indexOf(' ');
        if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
            throw new MalformedNoteException("a signature line must be '\u2014 <key name> <base64>': '" + line + "'");
        }
        return decode(rest.substring(0, space), rest.substring(space + 1));
    }
}
