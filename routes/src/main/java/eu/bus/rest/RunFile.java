package eu.bus.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code DIR/run.json}: written by {@code bus run} once the bus and its API are up, removed when it
 * stops; how {@code bus submit} and {@code bus subscribe} find the running bus of a work directory.
 */
public record RunFile(String apiHost, int apiPort, long pid, List<String> nodes, int brokerPort, Instant startedAt) {

    public static final String NAME = "run.json";

    public RunFile {
        nodes = List.copyOf(nodes);
    }

    public static Path path(Path workDir) {
        return workDir.resolve(NAME);
    }

    public URI apiUri() {
        return URI.create("https://" + apiHost + ":" + apiPort);
    }

    /** Whether the process that wrote the file still runs (a killed bus leaves its file behind). */
    public boolean processAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Written atomically, so a reader never sees half a file. */
    public void write(Path workDir) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.putObject("api").put("host", apiHost).put("port", apiPort).put("url", apiUri().toString());
        doc.put("pid", pid);
        nodes.forEach(doc.putArray("nodes")::add);
        doc.putObject("broker").put("port", brokerPort);
        doc.put("startedAt", startedAt.toString());
        try {
            Path tmp = workDir.resolve(NAME + ".tmp");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), doc);
            Files.move(tmp, path(workDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path(workDir), e);
        }
    }

    public static Optional<RunFile> read(Path workDir) {
        Path file = path(workDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode doc = Json.mapper().readTree(file.toFile());
            List<String> nodes = new ArrayList<>();
            doc.path("nodes").forEach(n -> nodes.add(n.asText()));
            return Optional.of(new RunFile(doc.path("api").path("host").asText(), doc.path("api").path("port").asInt(),
                    doc.path("pid").asLong(), nodes, doc.path("broker").path("port").asInt(),
                    Instant.parse(doc.path("startedAt").asText())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); if no bus runs in " + workDir
                    + ", delete it and start one with: bus run --workdir " + workDir, e);
        }
    }

    public static void delete(Path workDir) {
        try {
            Files.deleteIfExists(path(workDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path(workDir), e);
        }
    }
}
