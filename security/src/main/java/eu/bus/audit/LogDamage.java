package eu.bus.audit;

import java.nio.file.Path;

/**
 * Where a log stops being readable. {@code tornTail} means the bad bytes run to the end of the last
 * segment (a crash mid-append); otherwise the damage has intact data after it.
 */
public record LogDamage(long recordIndex, Path segment, long offset, long bytes, boolean tornTail, String reason) {

    public String describe() {
        return (tornTail ? "record " + recordIndex + " is incomplete (torn tail): "
                : "record " + recordIndex + " is damaged: ") + reason
                + " (" + segment.getFileName() + " at byte " + offset + ")";
    }
}
