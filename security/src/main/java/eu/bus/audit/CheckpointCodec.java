package eu.bus.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import eu.bus.message.Json;
import eu.bus.witness.CheckpointNote;
import eu.bus.witness.LogNoteSignature;
import eu.bus.witness.NoteSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Checkpoint JSON, signing, and reading the framed checkpoint file. */
public final class CheckpointCodec {

    private static final ObjectWriter WRITER = Json.mapper().writerFor(Checkpoint.class);
    private static final ObjectReader READER = Json.mapper().readerFor(Checkpoint.class);

    private CheckpointCodec() {
    }

    public static Checkpoint sign(CheckpointSigner keys, String node, long treeSize, byte[] root, Instant time) {
        CheckpointSigner signer = keys.pinned(); // signature and certificate from the same key, even during a rotation
        String rootHex = Sha256.toHex(root);
        byte[] signature = signer.sign(Checkpoint.signedBytes(node, treeSize, rootHex, time));
        CheckpointNote note = new CheckpointNote(CheckpointNote.originOf(node), treeSize, root);
        NoteSignature noteSignature = new NoteSignature(note.origin(), LogNoteSignature.keyId(signer.certificate().getPublicKey()),
                signer.sign(note.text().getBytes(StandardCharsets.UTF_8)));
        try {
            return new Checkpoint(node, treeSize, rootHex, time, signer.signatureAlgorithm(),
                    Base64.getEncoder().encodeToString(signature),
                    Base64.getEncoder().encodeToString(signer.certificate().getEncoded()),
                    noteSignature.encoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the signing certificate cannot be encoded", e);
        }
    }

    public static byte[] encode(Checkpoint checkpoint) {
        try {
            return WRITER.writeValueAsBytes(checkpoint);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Checkpoint decode(byte[] data, int offset, int length) {
        try {
            return READER.readValue(data, offset, length);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("not a well-formed checkpoint: " + why, e);
        }
    }

    /** The checkpoints in file order, and where reading stopped if the file is damaged. */
    public record ReadResult(List<Checkpoint> checkpoints, long fileLength, long validLength, boolean tornTail,
                             String problem) {
        public boolean clean() {
            return problem == null;
        }
    }

    public static ReadResult read(Path file) {
        if (!file.toFile().exists()) {
            return new ReadResult(List.of(), 0, 0, false, null);
        }
        FrameScanner scanner = new FrameScanner(RecordReader.readAll(file));
        List<Checkpoint> out = new ArrayList<>();
        while (true) {
            FrameScanner.Step step = scanner.next();
            if (step == FrameScanner.Step.END) {
                return new ReadResult(out, scanner.data().length, scanner.position(), false, null);
            }
            if (step != FrameScanner.Step.FRAME) {
                return new ReadResult(out, scanner.data().length, scanner.frameStart(),
                        step == FrameScanner.Step.TORN,
                        "checkpoint " + out.size() + (step == FrameScanner.Step.TORN ? " is incomplete (torn tail): "
                                : " is damaged: ") + scanner.problem());
            }
            try {
                out.add(decode(scanner.data(), scanner.payloadOffset(), scanner.payloadLength()));
            } catch (IllegalArgumentException e) {
                return new ReadResult(out, scanner.data().length, scanner.frameStart(), false,
                        "checkpoint " + out.size() + " is unreadable: " + e.getMessage());
            }
        }
    }
}
