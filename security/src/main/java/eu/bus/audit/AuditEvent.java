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
    RECOVERED,
    /** A message accepted while the broker was unreachable waits in the node's durable outbox. */
    QUEUED,
    /** A message was not sent before it expired (the broker stayed away); it is final, nothing more is sent. */
    EXPIRED,
    /** An operator had a message protected again with the node's current keys and sent to the recipients that refused it. */
    RESUBMITTED,
    /** An operator removed a dead letter; the reason says who asked and why. */
    DISCARDED,
    /** Someone read a received message's content through the bus; the reason names the purpose given. */
    CONSULTED,
    /** A received message was sealed again for an auditor under an explicit grant; the reason names whom and why. */
    GRANTED;

    /** Events that record something refused or failed unless the caller says otherwise. */
    boolean isFailureByDefault() {
        return this == REJECTED || this == DEAD_LETTERED || this == EXPIRED;
    }
}
