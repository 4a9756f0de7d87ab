package eu.bus.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where things live in a node's audit directory. */
public final class LogLayout {

    private static final Pattern SEGMENT_NAME = Pattern.compile("\\d{8}\\.log");

    private final Path directory;

    public LogLayout(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public Path segmentsDirectory() {
        return directory.resolve("segments");
    }

    public Path segment(int number) {
        return segmentsDirectory().resolve(String.format("%08d.log", number));
    }

    public Path checkpoints() {
        return directory.resolve("checkpoints.log");
    }

    /** Held by the one writer of this log; a second writer would fork the chain. */
    public Path lockFile() {
        return directory.resolve("writer.lock");
    }

    /** Segment files in order; a missing number is reported by the reader, not hidden here. */
    public List<Path> segments() {
        Path dir = segmentsDirectory();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> SEGMENT_NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static int segmentNumber(Path segment) {
        String name = segment.getFileName().toString();
        return Integer.parseInt(name.substring(0, name.indexOf('.')));
    }
}
