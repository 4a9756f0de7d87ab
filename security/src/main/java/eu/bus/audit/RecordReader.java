package eu.bus.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the framed records of all segments in order, for the writer's recovery, the verifier,
 * the prover and {@code show}. Reading stops at the first frame that cannot be read.
 */
public final class RecordReader {

    /** Receives each record's stored bytes; returns false to stop reading. */
    @FunctionalInterface
    public interface Visitor {
        boolean record(long index, byte[] data, int offset, int length);
    }

    /** Bytes read so far out of the total size of all segments. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void bytesRead(long done, long total);
    }

    /** @param damage null when every segment read cleanly to its end */
    public record Result(long records, int segments, LogDamage damage, boolean stopped) {
    }

    private RecordReader() {
    }

    public static Result read(LogLayout layout, Visitor visitor, Progress progress) {
        List<Path> segments = layout.segments();
        long total = 0;
        for (Path s : segments) {
            total += sizeOf(s);
        }
        long index = 0;
        long done = 0;
        for (int i = 0; i < segments.size(); i++) {
            Path segment = segments.get(i);
            if (LogLayout.segmentNumber(segment) != i) {
                return new Result(index, i, new LogDamage(index, segment, 0, 0, false,
                        "segment " + String.format("%08d.log", i) + " is missing"), false);
            }
            boolean last = i == segments.size() - 1;
            FrameScanner scanner = new FrameScanner(readAll(segment));
            while (true) {
                FrameScanner.Step step = scanner.next();
                if (step == FrameScanner.Step.END) {
                    break;
                }
                if (step != FrameScanner.Step.FRAME) {
                    boolean torn = step == FrameScanner.Step.TORN && last;
                    int at = scanner.frameStart();
                    return new Result(index, i + 1, new LogDamage(index, segment, at,
                            scanner.data().length - at, torn, scanner.problem()), false);
                }
                if (!visitor.record(index, scanner.data(), scanner.payloadOffset(), scanner.payloadLength())) {
                    return new Result(index + 1, i + 1, null, true);
                }
                index++;
                if ((index & 0xFFFF) == 0) {
                    progress.bytesRead(done + scanner.position(), total);
                }
            }
            done += scanner.data().length;
            progress.bytesRead(done, total);
        }
        return new Result(index, segments.size(), null, false);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
