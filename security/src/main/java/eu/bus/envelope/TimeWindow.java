package eu.bus.envelope;

import eu.bus.message.MessageHeader;
import java.time.Duration;
import java.time.Instant;

/**
 * The one freshness rule of the bus: a message's {@code createdAt} must lie within the window around
 * the moment it was sent, which for a received message is when it reached the broker (the broker stamps
 * that time, so a sender cannot choose it), and for a submission is now. Judging against the broker's
 * timestamp rather than the receiver's clock lets a message wait in a queue (recipient down, backlog)
 * as long as the broker keeps it; a replay is re-sent later, gets a later stamp and falls outside.
 * Expiry is judged against the receiver's clock: an expired message is never processed.
 */
public final class TimeWindow {

    public static final Duration DEFAULT = Duration.ofMinutes(5);

    private final Duration width;

    public TimeWindow(Duration width) {
        this.width = width;
    }

    public Duration width() {
        return width;
    }

    /** Whether {@code createdAt} is within the window around {@code sentAt}. */
    public boolean contains(Instant createdAt, Instant sentAt) {
        return Duration.between(createdAt, sentAt).abs().compareTo(width) <= 0;
    }

    /**
     * Checks a received message: createdAt within the window of {@code sentAt}, {@code sentAt} itself not
     * later than the window beyond {@code now} (clocks that are off), and expiresAt not passed at {@code now}.
     */
    public void check(MessageHeader header, Instant sentAt, Instant now) {
        Instant created = header.createdAt();
        if (!contains(created, sentAt)) {
            throw new TimestampOutOfWindowException("message " + header.messageId() + " was created at " + created
                    + ", outside the accepted window of " + width.toMinutes() + " minutes around when it reached the broker ("
                    + sentAt + "): a replay of an old message, or clocks that are off; check the sender's and the broker's "
                    + "clocks (NTP) and ask the sender to send a new message");
        }
        if (sentAt.isAfter(now.plus(width))) {
            throw new TimestampOutOfWindowException("message " + header.messageId() + " reached the broker at " + sentAt
                    + ", after this node's clock (" + now + ") by more than " + width.toMinutes() + " minutes: "
                    + "the broker's or this node's clock is off; check both (NTP)");
        }
        if (header.expiresAt() != null && now.isAfter(header.expiresAt())) {
            throw new MessageExpiredException("message " + header.messageId() + " expired at " + header.expiresAt()
                    + " (now " + now + "): it must not be processed; ask the sender for a new one if still needed");
        }
    }
}
