package eu.bus.witness;

import eu.bus.audit.Durable;
import eu.bus.audit.FramedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a witness keeps per log: the latest checkpoint it cosigned (what it checks the next one against), every
 * checkpoint it cosigned, with its cosignature, and every request it refused as inconsistent (evidence that the
 * log forked). Each log has its own directory, named by its origin in hex so any origin makes a safe name.
 */
public final class WitnessState {

    private final Path directory;

    public WitnessState(Path directory) {
        this.directory = directory;
    }

    private Path logDirectory(String origin) {
        return directory.resolve(HexFormat.of().formatHex(origin.getBytes(StandardCharsets.UTF_8)));
    }

    /** The latest checkpoint cosigned for {@code origin}, with the witness's cosignature on it. */
    public Optional<SignedNote> latest(String origin) {
        Path file = logDirectory(origin).resolve("latest.note");
        try {
            return Files.exists(file) ? Optional.of(SignedNote.parse(Files.readAllBytes(file))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every checkpoint cosigned for {@code origin}, oldest first. */
    public List<SignedNote> cosigned(String origin) {
        return read(logDirectory(origin).resolve("cosigned.log"));
    }

    /** Every request refused as inconsistent for {@code origin}, oldest first, each with the reason as a line. */
    public List<String> refused(String origin) {
        Path file = logDirectory(origin).resolve("refused.log");
        return FramedFile.payloads(file).stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList();
    }

    /** Durable before it returns: a witness answers only once what it cosigned cannot be forgotten. */
    void recordCosigned(String origin, SignedNote cosigned) throws IOException {
        Path dir = logDirectory(origin);
        Files.createDirectories(dir);
        FramedFile.append(dir.resolve("cosigned.log"), cosigned.encode());
        Durable.writeAll(List.of(new Durable.Content(dir.resolve("latest.note"), cosigned.encode())), true);
    }

    void recordRefused(String origin, String reason, byte[] request) throws IOException {
        Path dir = logDirectory(origin);
        Files.createDirectories(dir);
        byte[] head = ("refused: " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] entry = ByteBuffer.allocate(head.length + request.length).put(head).put(request).array();
        FramedFile.append(dir.resolve("refused.log"), entry);
    }

    private static List<SignedNote> read(Path file) {
        return FramedFile.payloads(file).stream().map(SignedNote::parse).toList();
    }
}
