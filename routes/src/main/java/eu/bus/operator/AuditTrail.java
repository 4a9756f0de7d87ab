package eu.bus.operator;

import eu.bus.audit.AuditRecord;
import eu.bus.audit.AuditRecordCodec;
import eu.bus.audit.LogLayout;
import eu.bus.audit.RecordReader;
import java.util.function.Consumer;

/**
 * Reads a node's audit log as it stands, while the node keeps writing it: every whole record in order. A frame
 * being written at the end (or any damage) ends the reading there; {@code bus audit verify} judges damage.
 */
public final class AuditTrail {

    private AuditTrail() {
    }

    public static void read(LogLayout log, Consumer<AuditRecord> sink) {
        RecordReader.read(log, (index, data, offset, length) -> {
            try {
                sink.accept(AuditRecordCodec.decode(data, offset, length));
                return true;
            } catch (IllegalArgumentException unreadable) {
                return false;
            }
        }, RecordReader.Progress.NONE);
    }
}
