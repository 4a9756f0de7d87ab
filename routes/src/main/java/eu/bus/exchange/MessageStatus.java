package eu.bus.exchange;

/** Where a message stands, as its sender sees it; later states never go back to earlier ones. */
public enum MessageStatus {
    SUBMITTED, SENT, DELIVERED, RECEIPTED, REJECTED, DEAD_LETTERED;

    /** Whether {@code next} may replace this status (a late SENT must not undo RECEIPTED). */
    boolean mayBecome(MessageStatus next) {
        return !isRefusal() && (next.ordinal() > ordinal() || next.isRefusal());
    }

    /** A final refusal: nothing later changes it. */
    boolean isRefusal() {
        return this == REJECTED || this == DEAD_LETTERED;
    }
}
