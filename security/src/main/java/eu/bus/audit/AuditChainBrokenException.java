package eu.bus.audit;

/** The log's records do not chain: damaged, removed, inserted or reordered. Names the first bad record. */
public final class AuditChainBrokenException extends RuntimeException {

    private final long recordIndex;

    public AuditChainBrokenException(long recordIndex, String message) {
        super(message);
        this.recordIndex = recordIndex;
    }

    public long recordIndex() {
        return recordIndex;
    }
}
