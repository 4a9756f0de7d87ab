package eu.bus.witness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An add-checkpoint request (c2sp.org/tlog-witness): the size of the last checkpoint the witness cosigned for
 * this log, the RFC 6962 consistency proof from that size to the new checkpoint's, and the signed checkpoint.
 */
public record WitnessRequest(long oldSize, List<byte[]> proof, SignedNote checkpoint) {

    /** The format's bound: a proof of a tree below 2^63 leaves has fewer hashes. */
    public static final int MAX_PROOF_LINES = 63;

    public WitnessRequest {
        proof = List.copyOf(proof);
        if (oldSize < 0) {
            throw new MalformedNoteException("the old size is negative");
        }
        if (proof.size() > MAX_PROOF_LINES) {
            throw new MalformedNoteException("the consistency proof has " + proof.size() + " hashes; at most " + MAX_PROOF_LINES);
        }
    }

    public byte[] encode() {
        StringBuilder out = new StringBuilder("old ").append(oldSize).append('\n');
        proof.forEach(h -> out.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        out.append('\n');
        byte[] head = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] note = checkpoint.encode();
        byte[] all = new byte[head.length + note.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(note, 0, all, head.length, note.length);
        return all;
    }

    public static WitnessRequest parse(byte[] body) {
        String all = SignedNote.utf8(body);
        int end = all.indexOf('\n');
        if (end < 0 || !all.substring(0, end).matches("old (0|[1-9][0-9]{0,18})")) {
            throw new MalformedNoteException("the request must start with 'old <size>' and a newline");
        }
        long oldSize = Long.parseLong(all.substring(4, end));
        List<byte[]> proof = new ArrayList<>();
        int start = end + 1;
        while (true) {
            int next = all.indexOf('\n', start);
            if (next < 0) {
                throw new MalformedNoteException("the request has no blank line before its checkpoint");
            }
            String line = all.substring(start, next);
            start = next + 1;
            if (line.isEmpty()) {
                break;
            }
            if (proof.size() == MAX_PROOF_LINES) {
                throw new MalformedNoteException("the consistency proof has more than " + MAX_PROOF_LINES + " hashes");
            }
            try {
                byte[] hash = Base64.getDecoder().decode(line);
                if (hash.length != 32) {
                    throw new MalformedNoteException("consistency proof hash " + proof.size() + " has " + hash.length + " bytes, not 32");
                }
                proof.add(hash);
            } catch (IllegalArgumentException e) {
                if (e instanceof MalformedNoteException m) {
                    throw m;
                }
                throw new MalformedNoteException("consistency proof hash " + proof.size() + " is not base64");
            }
        }
        return new WitnessRequest(oldSize, proof, SignedNote.parse(all.substring(start).getBytes(StandardCharsets.UTF_8)));
    }
}
