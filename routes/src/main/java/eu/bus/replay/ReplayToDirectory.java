package eu.bus.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes replayed messages for a reprocessing system, in the log's order, each marked as a replay: a file
 * {@code SEQ-MESSAGEID.replay.json} ({@link MarkedDocument} {@code "replay"}), in no directory a gateway reads: no
 * live receiver takes it for a new message. The caller passes only messages that replayed as accepted.
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
        RecordedReception recorded = outcome.message().recorded();
        MarkedDocument.write(dir.resolve(String.format("%08d-%s.replay.json", recorded.sequence(), recorded.messageId())), "replay",
                mark -> mark.put("of", recorded.messageId().toString()).put("receivedBy", node)
                        .put("receivedAt", recorded.receivedAt().toString()).put("digest", recorded.digest())
                        .put("replayedAt", at.toString()).put("note", "a replay of an archived message, not a new message"),
                outcome.opened().header(), outcome.opened().payload());
    }
}
