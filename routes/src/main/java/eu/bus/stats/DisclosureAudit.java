package eu.bus.stats;

/**
 * What a reader can work out about the hidden values of a published table from what it shows: each row and column
 * sums to its total, a small count is between 1 and T-1, a count hidden to protect another is at least T. Bounds are narrowed line by line until nothing changes (interval propagation, the usual audit of
 * cell suppression). A small count whose bounds meet is disclosed.
 */
final class DisclosureAudit {

    static final long UNBOUNDED = Long.MAX_VALUE / 4;
    private static final int MAX_ROUNDS = 200;

    private DisclosureAudit() {
    }

    /** Bounds [lo, hi] per grid position, as {@code long[rows + 1][columns + 1][2]}. */
    static long[][][] bounds(long[][] values, Published.Mark[][] marks, int threshold) {
        int rows = values.length;
        int columns = values[0].length;
        long[][][] b = new long[rows][columns][];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                b[r][c] = switch (marks[r][c]) {
                    case SHOWN -> new long[] {values[r][c], values[r][c]};
                    case SMALL -> new long[] {1, threshold - 1};
                    case COMPLEMENTARY -> new long[] {threshold, UNBOUNDED};
                };
            }
        }
        boolean changed = true;
        for (int round = 0; changed && round < MAX_ROUNDS; round++) {
            changed = false;
            for (int r = 0; r < rows; r++) {
                long[][] line = new long[columns][];
                for (int c = 0; c < columns; c++) {
                    line[c] = b[r][c];
                }
                changed |= narrow(line);
            }
            for (int c = 0; c < columns; c++) {
                long[][] line = new long[rows][];
                for (int r = 0; r < rows; r++) {
                    line[r] = b[r][c];
                }
                changed |= narrow(line);
            }
        }
        return b;
    }

    /** One line: parts then their total, last. Returns whether a bound moved. */
    private static boolean narrow(long[][] line) {
        int total = line.length - 1;
        long sumLo = 0;
        long finiteHi = 0;
        int unboundedHi = 0;
        for (int i = 0; i < total; i++) {
            sumLo += line[i][0];
            if (line[i][1] >= UNBOUNDED) {
                unboundedHi++;
            } else {
                finiteHi += line[i][1];
            }
        }
        boolean changed = tighten(line[total], sumLo, unboundedHi > 0 ? UNBOUNDED : finiteHi);
        for (int i = 0; i < total; i++) {
            boolean mineUnbounded = line[i][1] >= UNBOUNDED;
            boolean othersUnbounded = unboundedHi - (mineUnbounded ? 1 : 0) > 0;
            long othersHi = othersUnbounded ? UNBOUNDED : finiteHi - (mineUnbounded ? 0 : line[i][1]);
            long othersLo = sumLo - line[i][0];
            long lo = othersUnbounded ? 0 : line[total][0] - othersHi;
            long hi = line[total][1] >= UNBOUNDED ? UNBOUNDED : line[total][1] - othersLo;
            changed |= tighten(line[i], lo, hi);
        }
        return changed;
    }

    private static boolean tighten(long[] bound, long lo, long hi) {
        boolean changed = false;
        if (lo > bound[0]) {
            bound[0] = lo;
            changed = true;
        }
        if (hi < bound[1]) {
            bound[1] = hi;
            changed = true;
        }
        return changed;
    }
}
