package eu.bus.exchange;

/** Where a message stands, as its sender sees it; later states never go back to earlier ones. */
public enum MessageStatus {
    /** Accepted and protected; not yet stored by the broker (it waits in the node's outbox while the broker is away). */
    SUBMITTED, SENT, DELIVERED, RECEIPTED, REJECTED, DEAD_LETTERED,
    /** Never sent: the broker stayed away until the message expired. Final. */
    EXPIRED;

    /** Whether {@code next} may replace this status (a late SENT must not undo RECEIPTED). */
    public boolean mayBecome(MessageStatus next) {
        return !isRefusal() && (next.ordinal() > ordinal() || next.isRefusal());
    }

    /** A final refusal: nothing later changes it. */
    public boolean isRefusal() {
        return this == REJECTED || this == DEAD_LETTERED || this == EXPIRED;
    }
}
