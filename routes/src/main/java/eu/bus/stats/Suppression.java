package eu.bus.stats;

/**
 * Hides small counts, and then as few others as it takes for no small count to be worked out from the totals.
 * <ol>
 *   <li>Primary: every count from 1 to T-1 (T the threshold, 5 by default), totals included, shows as {@code <T}.
 *       Zeros show: that nobody is in a cell says nothing about a person.</li>
 *   <li>Complementary: while {@link DisclosureAudit} can pin a small count down to one value, another count is
 *       hidden ({@code x}) in the row or column of a hidden count it pins (the small one, or one hidden before that
 *       leads to it): the smallest of at least 2T-1 (then a small count anywhere from 1
 *       to T-1 fits the totals), else the largest of at least T; never a zero, so every {@code x} is at least T and
 *       a reader who knows that learns nothing more. A row total is hidden only when no cell is left to hide; column
 *       totals (years, shared between tables) and the grand total never are, so every table shows the same
 *       totals.</li>
 * </ol>
 */
public final class Suppression {

    public static final int DEFAULT_THRESHOLD = 5;

    private final int threshold;

    public Suppression(int threshold) {
        if (threshold < 2) {
            throw new IllegalArgumentException("the threshold is " + threshold + "; counts below it are hidden, so it must be"
                    + " at least 2 (default " + DEFAULT_THRESHOLD + ")");
        }
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    public PublishedTable apply(CountTable table) {
        int rows = table.rows().size();
        int columns = table.columns().size();
        long[][] values = new long[rows + 1][columns + 1];
        Published.Mark[][] marks = new Published.Mark[rows + 1][columns + 1];
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= columns; c++) {
                values[r][c] = r < rows && c < columns ? table.cells()[r][c]
                        : r < rows ? table.rowTotal(r) : c < columns ? table.columnTotal(c) : table.total();
                marks[r][c] = values[r][c] > 0 && values[r][c] < threshold ? Published.Mark.SMALL : Published.Mark.SHOWN;
            }
        }
        boolean lastResort = false;
        for (long[][][] bounds = audit(values, marks); discloses(marks, bounds); bounds = audit(values, marks)) {
            if (protectOnePinned(values, marks, bounds)) {
                continue;
            }
            if (lastResort) {
                throw new IllegalStateException(table.name() + ": a small count can be worked out from the totals even"
                        + " with every cell hidden; not published");
            }
            hideEveryInnerCell(table, values, marks); // only totals remain
            lastResort = true;
        }
        Published[][] grid = new Published[rows + 1][columns + 1];
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= columns; c++) {
                grid[r][c] = new Published(values[r][c], marks[r][c]);
            }
        }
        return new PublishedTable(table, grid);
    }

    /** Whether a reader could pin a small count down to one value. */
    private long[][][] audit(long[][] values, Published.Mark[][] marks) {
        return DisclosureAudit.bounds(values, marks, threshold);
    }

    private static boolean discloses(Published.Mark[][] marks, long[][][] bounds) {
        for (int r = 0; r < marks.length; r++) {
            for (int c = 0; c < marks[0].length; c++) {
                if (marks[r][c] == Published.Mark.SMALL && bounds[r][c][0] >= bounds[r][c][1]) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Hides one more count beside a hidden one a reader can pin down: a small one first, else one hidden to protect
     * another (pinned, it leads to the small one through the next line). False when none of them has a count left
     * to hide beside it.
     */
    private boolean protectOnePinned(long[][] values, Published.Mark[][] marks, long[][][] bounds) {
        for (Published.Mark kind : new Published.Mark[] {Published.Mark.SMALL, Published.Mark.COMPLEMENTARY}) {
            for (int r = 0; r < values.length; r++) {
                for (int c = 0; c < values[0].length; c++) {
                    if (marks[r][c] == kind && bounds[r][c][0] >= bounds[r][c][1] && hideAnother(values, marks, r, c)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The last resort: every count but the column totals and the grand total hidden. */
    private static void hideEveryInnerCell(CountTable table, long[][] values, Published.Mark[][] marks) {
        for (int r = 0; r < table.rows().size(); r++) {
            for (int c = 0; c <= table.columns().size(); c++) {
                if (marks[r][c] == Published.Mark.SHOWN && values[r][c] > 0) {
                    marks[r][c] = Published.Mark.COMPLEMENTARY;
                }
            }
        }
    }

    /** Hides one more count of at least T in the row or column of (r, c); false when none is left to hide. */
    private boolean hideAnother(long[][] values, Published.Mark[][] marks, int r, int c) {
        int rows = values.length - 1;
        int columns = values[0].length - 1;
        int[] best = null;
        for (int[] candidate : lineCells(rows, columns, r, c)) {
            long value = values[candidate[0]][candidate[1]];
            if (marks[candidate[0]][candidate[1]] == Published.Mark.SHOWN && value >= threshold
                    && (best == null || better(value, values[best[0]][best[1]]))) {
                best = candidate;
            }
        }
        if (best == null && r < rows && marks[r][columns] == Published.Mark.SHOWN) {
            best = new int[] {r, columns};
        }
        if (best == null) {
            return false;
        }
        marks[best[0]][best[1]] = Published.Mark.COMPLEMENTARY;
        return true;
    }

    /**
     * What may be hidden beside (r, c): the inner cells of its row and of its column; for a row total, its row's
     * cells and the other row totals (the row totals sum to the grand total). Never a column total or the grand
     * total: those are shared between tables.
     */
    private static java.util.List<int[]> lineCells(int rows, int columns, int r, int c) {
        java.util.List<int[]> cells = new java.util.ArrayList<>();
        if (r < rows) {
            for (int j = 0; j < columns; j++) {
                cells.add(new int[] {r, j});
            }
        }
        for (int i = 0; i < rows; i++) {
            if (c < columns || r < rows) {
                cells.add(new int[] {i, c});
            }
        }
        return cells;
    }

    /** Of two counts of at least T, prefers the smallest of at least 2T-1, else the largest. */
    private boolean better(long candidate, long best) {
        long full = 2L * threshold - 1;
        if ((candidate >= full) != (best >= full)) {
            return candidate >= full;
        }
        if (candidate >= full) {
            return candidate < best;
        }
        return candidate > best;
    }
}
