package eu.bus.exchange;

/** Where a message stands, as its sender sees it; later states never go back to earlier ones. */
public enum MessageStatus {
    /** Accepted and protected; not yet stored by the broker (it waits in the node's outbox while the broker is away). */
    SUBMITTED,
    /**
     * Protected again and waiting to be sent once more: by an operator after a recipient refused it, or by the
     * outbox after it waited longer than the recipients' time window. The one way back from a refusal.
     */
    RESUBMITTED,
    SENT, DELIVERED, RECEIPTED, REJECTED, DEAD_LETTERED,
    /** Never sent: the broker stayed away until the message expired. Final. */
    EXPIRED;

    /** Not yet stored by the broker: the outbox still has to send it. */
    public boolean isUnsent() {
        return this == SUBMITTED || this == RESUBMITTED;
    }

    /**
     * Whether {@code next} may replace this status. A signed receipt of delivery is the last word: nothing undoes
     * it (a late SENT, a refusal of an older copy), and it settles a recipient even after a refusal, which was then
     * of another copy (one signed with keys replaced since, say): the recipient has the message.
     */
    public boolean mayBecome(MessageStatus next) {
        if (this == RECEIPTED) {
            return false;
        }
        return next == RESUBMITTED || next == RECEIPTED || !isRefusal() && (next.ordinal() > ordinal() || next.isRefusal());
    }

    /** A final refusal: nothing later changes it but a resubmission, or a signed receipt of another copy. */
    public boolean isRefusal() {
        return this == REJECTED || this == DEAD_LETTERED || this == EXPIRED;
    }
}
