package eu.bus.witness;

import eu.bus.audit.FramedFile;
import eu.bus.audit.LogLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cosigned checkpoints as kept in a framed file, one signed note per frame: the node's {@code cosignatures.log}
 * beside its log (the cosignatures its witnesses returned) and a witness's own {@code cosigned.log} (what it
 * cosigned) have the same form, so an auditor can check a log against either.
 */
public final class Cosignatures {

    private Cosignatures() {
    }

    /** One cosignature line on one checkpoint; not yet verified. */
    public record Cosigned(CheckpointNote checkpoint, NoteSignature cosignature) {
        public String witness() {
            return cosignature.keyName();
        }
    }

    public static Path file(LogLayout layout) {
        return layout.directory().resolve("cosignatures.log");
    }

    static void append(LogLayout layout, SignedNote cosigned) throws IOException {
        FramedFile.append(file(layout), cosigned.encode());
    }

    /** Every cosignature line in {@code file}, in order; a frame that is not a cosigned checkpoint is skipped, not trusted. */
    public static List<Cosigned> read(Path file) {
        List<Cosigned> out = new ArrayList<>();
        for (byte[] frame : FramedFile.payloads(file)) {
            try {
                SignedNote note = SignedNote.parse(frame);
                CheckpointNote checkpoint = CheckpointNote.parse(note.text());
                note.signatures().forEach(s -> out.add(new Cosigned(checkpoint, s)));
            } catch (MalformedNoteException e) {
                // a damaged or foreign frame proves nothing
            }
        }
        return out;
    }
}
