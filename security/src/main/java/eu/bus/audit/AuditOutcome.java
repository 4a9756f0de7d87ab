package eu.bus.audit;

/** Whether the event's action succeeded. */
public enum AuditOutcome {
    SUCCESS,
    FAILURE
}
