package eu.bus.stats;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads bus message documents ({@code {"header", "payload"}}, as a case system receives them, or as bus audit replay
 * --to-dir writes them) from files and directories, each message once (by id: the same message delivered to two
 * nodes counts once). A file that is not a bus message is counted and left out.
 */
public final class StatsInput {

    private final Set<String> seen = new HashSet<>();
    private long files;
    private long duplicates;
    private long skipped;

    /** Every *.json file under {@code paths}, in name order (so a run is reproducible). */
    public static List<Path> files(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isRegularFile(path)) {
                files.add(path);
                continue;
            }
            if (!Files.isDirectory(path)) {
                throw new IllegalArgumentException(path + " is neither a file nor a directory of message documents");
            }
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    /** Reads {@code files} into {@code sink}; {@code progress} gets (done, total) after each file. */
    public void read(List<Path> files, Consumer<MessageFacts> sink, BiConsumer<Long, Long> progress) {
        long done = 0;
        for (Path file : files) {
            this.files++;
            JsonNode document;
            try {
                document = Json.mapper().readTree(file.toFile());
            } catch (IOException e) {
                document = null;
            }
            MessageFacts facts = document == null ? null : facts(document);
            if (facts == null) {
                skipped++;
            } else if (!seen.add(facts.messageId())) {
                duplicates++;
            } else {
                sink.accept(facts);
            }
            progress.accept(++done, (long) files.size());
        }
    }

    public long filesRead() {
        return files;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Files that were not bus message documents (not JSON, no header with an id, type and time). */
    public long skipped() {
        return skipped;
    }

    static MessageFacts facts(JsonNode document) {
        JsonNode header = document.path("header");
        JsonNode payload = document.path("payload");
        String id = text(header, "messageId");
        String type = text(header, "messageType");
        Instant createdAt;
        try {
            createdAt = Instant.parse(header.path("createdAt").asText());
        } catch (DateTimeParseException e) {
            return null;
        }
        if (id == null || type == null) {
            return null;
        }
        List<VictimFacts> victims = new ArrayList<>();
        victim(payload.path("victim")).ifPresent(victims::add);
        payload.path("victims").forEach(v -> victim(v).ifPresent(victims::add));
        return new MessageFacts(id, type, createdAt, text(header, "caseId"), text(header, "inReplyTo"),
                "victim-referral".equals(type) ? orUnknown(text(payload, "fromCountry")) : null, victims);
    }

    private static java.util.Optional<VictimFacts> victim(JsonNode v) {
        String ref = text(v, "victimRef");
        if (ref == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new VictimFacts(ref, orUnknown(text(v, "gender")), orUnknown(text(v, "ageBand")),
                orUnknown(text(v, "nationality")), orUnknown(text(v, "exploitationForm"))));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String orUnknown(String value) {
        return value == null ? "UNKNOWN" : value;
    }
}
