package eu.bus.replay;

/**
 * Where replayed messages go for a reprocessing system, each only once its REPLAYED record is durable: a directory
 * ({@link ReplayToDirectory}) or the node's replay queue on the broker ({@link ReplayToQueue}).
 */
public interface ReplaySink extends AutoCloseable {

    /** One message replayed as accepted (the caller passes no other). */
    void write(ArchiveReplay.Outcome outcome);

    /** After each chunk: what was written is kept (a queue commits). */
    default void flush() {
    }

    @Override
    default void close() {
    }
}
