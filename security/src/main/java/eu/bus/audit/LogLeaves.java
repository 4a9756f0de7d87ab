package eu.bus.audit;

import java.nio.file.Path;
import java.util.List;

/**
 * The leaf hashes of a log that is still being written, kept in memory (32 bytes per record) and extended by
 * reading only the segment being written and those after it, not the whole log again: for a node proving
 * consistency to its witnesses at every checkpoint.
 */
public final class LogLeaves implements SubtreeHasher {

    private final LogLayout layout;
    private final LeafHashes leaves = new LeafHashes(0);
    /** The segment reading resumes in, and the index of its first record. */
    private int segment;
    private long segmentFirst;

    public LogLeaves(Path directory) {
        this.layout = new LogLayout(directory);
    }

    /**
     * Reads what was appended since the last call, until at least {@code size} records are held.
     *
     * @throws IllegalStateException when the log holds fewer records than that
     */
    public void extendTo(long size) {
        List<Path> segments = layout.segments();
        while (leaves.end() < size && segment < segments.size()) {
            Path file = segments.get(segment);
            if (LogLayout.segmentNumber(file) != segment) {
                throw new IllegalStateException("segment " + String.format("%08d.log", segment) + " of " + layout.directory() + " is missing");
            }
            FrameScanner scanner = new FrameScanner(RecordReader.readAll(file));
            long index = segmentFirst;
            FrameScanner.Step step;
            while ((step = scanner.next()) == FrameScanner.Step.FRAME) {
                if (index >= leaves.end()) {
                    leaves.add(Sha256.leafHash(scanner.data(), scanner.payloadOffset(), scanner.payloadLength()));
                }
                index++;
            }
            if (step != FrameScanner.Step.END || segment == segments.size() - 1) {
                break; // the segment being written (a torn tail is a frame still being written): read again next time
            }
            segment++;
            segmentFirst = index;
        }
        if (leaves.end() < size) {
            throw new IllegalStateException("the log " + layout.directory() + " holds " + leaves.end()
                    + " records, fewer than its checkpoint's " + size);
        }
    }

    @Override
    public byte[] hash(long start, long end) {
        return leaves.hash(start, end);
    }
}
