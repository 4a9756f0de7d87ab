package eu.bus.witness;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A text signed by one or more keys (c2sp.org/signed-note): the text, ending in a newline, a blank line, then one
 * signature line per signature. Parsing is strict (valid UTF-8, no control character but the newline) and bounded.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    /** More than the 16 the format asks verifiers to accept; a note with more is refused, not read. */
    public static final int MAX_SIGNATURES = 64;
    /** A checkpoint with a few dozen signatures is a few kilobytes. */
    public static final int MAX_BYTES = 64 * 1024;

    public SignedNote {
        if (!text.endsWith("\n")) {
            throw new MalformedNoteException("the note text must end with a newline");
        }
        signatures = List.copyOf(signatures);
    }

    /** The note as sent and stored: text, blank line, signature lines. */
    public byte[] encode() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.line()));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The same text with {@code more} signatures after its own. */
    public SignedNote with(List<NoteSignature> more) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        all.addAll(more);
        return new SignedNote(text, all);
    }

    public static SignedNote parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new MalformedNoteException("the note has " + bytes.length + " bytes; at most " + MAX_BYTES + " are read");
        }
        String all = utf8(bytes);
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new MalformedNoteException("the note holds control character U+" + String.format("%04X", (int) c)
                        + " at character " + i + "; only newlines are allowed");
            }
        }
        if (!all.endsWith("\n")) {
            throw new MalformedNoteException("the note must end with a newline (after its last signature line)");
        }
        int blank = all.lastIndexOf("\n\n");
        if (blank < 0) {
            throw new MalformedNoteException("the note has no blank line between its text and its signatures");
        }
        String text = all.substring(0, blank + 1);
        String[] lines = all.substring(blank + 2, all.length() - 1).split("\n", -1);
        if (lines.length == 1 && lines[0].isEmpty()) {
            throw new MalformedNoteException("the note has no signature line");
        }
        if (lines.length > MAX_SIGNATURES) {
            throw new MalformedNoteException("the note has " + lines.length + " signatures; at most " + MAX_SIGNATURES + " are read");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : lines) {
            signatures.add(NoteSignature.parse(line));
        }
        return new SignedNote(text, signatures);
    }

    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedNoteException("the note is not valid UTF-8");
        }
    }
}
