package eu.bus.witness;

import java.util.ArrayList;
import java.util.List;

/**
 * A witness's answer to an add-checkpoint request, with the tlog-witness HTTP status codes: 200 and the cosignature
 * lines; 400 a malformed request; 403 no trusted signature of the log; 404 a log the witness does not follow;
 * 409 an old size that is not the witness's (the body is the size it cosigned last) or the same size with another
 * root; 422 a consistency proof that does not verify.
 */
public record WitnessResponse(int status, String body) {

    public static final int OK = 200;
    public static final int BAD_REQUEST = 400;
    public static final int FORBIDDEN = 403;
    public static final int NOT_FOUND = 404;
    public static final int CONFLICT = 409;
    public static final int UNPROCESSABLE = 422;

    static WitnessResponse cosigned(NoteSignature cosignature) {
        return new WitnessResponse(OK, cosignature.line());
    }

    /** 409 for an old size that is not the witness's: the body carries the size it has (text/x.tlog.size). */
    static WitnessResponse sizeConflict(long size) {
        return new WitnessResponse(CONFLICT, size + "\n");
    }

    /** The size a 409 names, or -1 when this is another answer (or a conflict over a root at the same size). */
    public long conflictSize() {
        return status == CONFLICT && body.matches("(0|[1-9][0-9]{0,18})\n") ? Long.parseLong(body.strip()) : -1;
    }

    /** The cosignature lines of a 200. */
    public List<NoteSignature> cosignatures() {
        if (status != OK) {
            return List.of();
        }
        List<NoteSignature> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                out.add(NoteSignature.parse(line));
            }
        }
        return out;
    }
}
