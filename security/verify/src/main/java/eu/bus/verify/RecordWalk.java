package eu.bus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Walks a log's records in order across its segments and applies the chain rules to each: its sequence is its
 * position, its previous hash the leaf hash of the record before (64 zeros for the first), its node the log's.
 */
final class RecordWalk {

    private static final Pattern SEGMENT = Pattern.compile("\\d{8}\\.log");
    private static final String GENESIS = "0".repeat(64);

    /** What the walk hands on for each record that passed the rules. */
    interface Visitor {
        void record(long index, byte[] leafHash, JsonNode record) throws Problem.Found;
    }

    private RecordWalk() {
    }

    /** @return the log's node (null for an empty log) */
    static String walk(Path logDirectory, Visitor visitor) throws IOException, Problem.Found {
        List<Path> segments = segments(logDirectory.resolve("segments"));
        String node = null;
        String previous = GENESIS;
        long index = 0;
        for (int s = 0; s < segments.size(); s++) {
            Path segment = segments.get(s);
            int number = Integer.parseInt(segment.getFileName().toString().substring(0, 8));
            if (number != s) {
                throw new Problem.Found(Problem.Where.RECORD, index, "segment " + String.format("%08d", s)
                        + ".log is missing (the next one is " + segment.getFileName() + ")");
            }
            Frames.Read read = Frames.read(segment);
            for (byte[] payload : read.payloads()) {
                JsonNode record;
                try {
                    record = Json.object(payload);
                } catch (IOException e) {
                    throw new Problem.Found(Problem.Where.RECORD, index, "record " + index + " is not a well-formed audit record: "
                            + e.getMessage().lines().findFirst().orElse(""));
                }
                JsonNode sequence = record.get("sequence");
                if (sequence == null || !sequence.canConvertToLong() || !sequence.isIntegralNumber() || sequence.asLong() != index) {
                    throw new Problem.Found(Problem.Where.RECORD, index, "record " + index + " has sequence number "
                            + sequence + " (records removed, inserted or reordered before it)");
                }
                if (!previous.equals(Json.text(record, "previousHash"))) {
                    throw new Problem.Found(Problem.Where.RECORD, index, "record " + index + " does not chain to record "
                            + (index - 1) + ": its previous hash differs (one of the two was altered)");
                }
                String recordNode = Json.text(record, "node");
                if (recordNode == null || node != null && !node.equals(recordNode)) {
                    throw new Problem.Found(Problem.Where.RECORD, index, "record " + index + " names node " + recordNode
                            + " but this log belongs to " + node);
                }
                node = recordNode;
                byte[] leaf = Rfc6962.leaf(payload, 0, payload.length);
                previous = HexFormat.of().formatHex(leaf);
                visitor.record(index, leaf, record);
                index++;
            }
            if (read.problem() != null) {
                boolean last = s == segments.size() - 1;
                throw new Problem.Found(Problem.Where.RECORD, index, "record " + index + " " + read.problem()
                        + (last ? "" : " (in " + segment.getFileName() + ", which is not the last segment)"));
            }
        }
        return node;
    }

    private static List<Path> segments(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }
}
