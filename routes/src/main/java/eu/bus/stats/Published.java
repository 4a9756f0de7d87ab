package eu.bus.stats;

/**
 * One published value: the count, or the mark that hides it. A small count shows as {@code <T} (T the threshold);
 * a count hidden only so that a small one cannot be worked out from the totals shows as {@code x}.
 */
public record Published(long value, Mark mark) {

    public enum Mark { SHOWN, SMALL, COMPLEMENTARY }

    public boolean hidden() {
        return mark != Mark.SHOWN;
    }

    /** What a reader sees: the number, {@code <T}, or {@code x}. */
    public String text(int threshold) {
        return switch (mark) {
            case SHOWN -> Long.toString(value);
            case SMALL -> "<" + threshold;
            case COMPLEMENTARY -> "x";
        };
    }
}
