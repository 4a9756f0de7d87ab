package eu.bus.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node's audit log is written.
 *
 * @param segmentBytes           a segment is closed and the next one started beyond this size
 * @param checkpointEveryRecords a checkpoint is written once this many records are not yet covered...
 * @param checkpointInterval     ...or once this much time has passed since the last one with new records
 * @param maxBatch               most appends written and forced together (group commit)
 */
public record AuditLogConfig(
        Path directory,
        String node,
        long segmentBytes,
        long checkpointEveryRecords,
        Duration checkpointInterval,
        int maxBatch,
        Clock clock) {

    public AuditLogConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(clock, "clock");
        if (segmentBytes < 4096 || checkpointEveryRecords < 1 || maxBatch < 1 || checkpointInterval.isNegative()
                || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("segmentBytes >= 4096, checkpointEveryRecords >= 1, maxBatch >= 1"
                    + " and a positive checkpoint interval are required");
        }
    }

    public static AuditLogConfig of(Path directory, String node) {
        return new AuditLogConfig(directory, node, 16L << 20, 1000, Duration.ofSeconds(10), 4096, Clock.systemUTC());
    }

    public AuditLogConfig withSegmentBytes(long bytes) {
        return new AuditLogConfig(directory, node, bytes, checkpointEveryRecords, checkpointInterval, maxBatch, clock);
    }

    public AuditLogConfig withCheckpointEvery(long records, Duration interval) {
        return new AuditLogConfig(directory, node, segmentBytes, records, interval, maxBatch, clock);
    }

    public AuditLogConfig withClock(Clock c) {
        return new AuditLogConfig(directory, node, segmentBytes, checkpointEveryRecords, checkpointInterval, maxBatch, c);
    }
}
