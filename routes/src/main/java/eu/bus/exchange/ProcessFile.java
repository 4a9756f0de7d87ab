package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Function;

/**
 * A JSON file with which a running process announces itself in a work directory ({@code run.json},
 * {@code broker.json}): written once it is up, removed when it stops, left behind when it is killed.
 */
public final class ProcessFile {

    private ProcessFile() {
    }

    /** Written atomically, so a reader never sees half a file. */
    public static void write(Path file, JsonNode doc) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), doc);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads and parses the file; empty when there is none. A file that cannot be read or parsed is
     * reported with what to do, {@code startCommand} being how to start the process it announces.
     */
    public static <T> Optional<T> read(Path file, Function<JsonNode, T> parse, String startCommand) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(Json.mapper().readTree(file.toFile())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + " is damaged (" + problem(e) + "); if nothing runs in "
                    + file.getParent() + ", delete it and start again with: " + startCommand, e);
        }
    }

    /** The parser's own words and where, without its internals (source descriptions, feature names). */
    private static String problem(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            var at = json.getLocation();
            return json.getOriginalMessage().lines().findFirst().orElse("not JSON")
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
        return e.getMessage();
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** Whether the process that wrote a file still runs. */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
