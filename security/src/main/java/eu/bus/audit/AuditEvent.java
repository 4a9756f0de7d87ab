package eu.bus.audit;

/** What happened. One audit record per event. */
public enum AuditEvent {
    SUBMITTED,
    REJECTED,
    PROTECTED,
    SENT,
    RECEIVED,
    OPENED,
    FORWARDED,
    DELIVERED,
    RECEIPTED,
    DEAD_LETTERED,
    REPLAYED,
    KEY_CHANGED,
    CONFIG_CHANGED,
    /** An archived body was deleted under the retention rule; the record keeps its digest. */
    PURGED,
    /** The writer found and cut a torn tail at start-up; the reason says where and how much. */
    RECOVERED;

    /** Events that record something refused or failed unless the caller says otherwise. */
    boolean isFailureByDefault() {
        return this == REJECTED || this == DEAD_LETTERED;
    }
}
