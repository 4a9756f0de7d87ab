package eu.bus.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.envelope.OpenedMessage;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.keys.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes replayed messages for a reprocessing system, in the log's order, each marked as a replay: a file
 * {@code SEQ-MESSAGEID.replay.json} (owner-only) holding {@code {"replay": {...}, "header": ..., "payload": ...}}.
 * Not a bus message document (the top-level "replay" makes the bus's own validator refuse it) and not in any
 * directory a gateway reads: no live receiver takes it for a new message.
 */
public final class ReplayToDirectory implements ReplaySink {

    private final Path dir;
    private final String node;
    private final Instant at;

    public ReplayToDirectory(Path dir, String node, Instant at) {
        this.dir = dir;
        this.node = node;
        this.at = at;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(ArchiveReplay.Outcome outcome) {
        if (outcome.opened() != null) {
            write(outcome.message().recorded(), outcome.opened());
        }
    }

    private Path write(RecordedReception recorded, OpenedMessage opened) {
        ObjectNode document = Json.mapper().createObjectNode();
        document.putObject("replay").put("of", recorded.messageId().toString()).put("receivedBy", node)
                .put("receivedAt", recorded.receivedAt().toString()).put("digest", recorded.digest())
                .put("replayedAt", at.toString()).put("note", "a replay of an archived message, not a new message");
        document.set("header", HeaderCodec.toJson(opened.header()));
        JsonNode payload;
        try {
            payload = Json.mapper().readTree(opened.payload());
        } catch (IOException e) {
            throw new UncheckedIOException("the payload of " + recorded.messageId() + " is not JSON: " + e.getMessage(), e);
        }
        document.set("payload", payload);
        Path file = dir.resolve(String.format("%08d-%s.replay.json", recorded.sequence(), recorded.messageId()));
        try {
            SecureFiles.writePrivate(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
