package eu.bus.stats;

import java.util.List;

/**
 * Counts in rows and columns whose totals are published with them: each person (or case, or referral) counted in
 * exactly one cell, so every row and column sums to its total.
 */
public record CountTable(String name, String title, String rowTitle, String columnTitle, List<String> rows,
                         List<String> columns, long[][] cells) {

    public CountTable {
        rows = List.copyOf(rows);
        columns = List.copyOf(columns);
        if (cells.length != rows.size()) {
            throw new IllegalArgumentException(name + ": " + cells.length + " rows of cells for " + rows.size() + " row labels");
        }
    }

    public long rowTotal(int row) {
        long sum = 0;
        for (long v : cells[row]) {
            sum += v;
        }
        return sum;
    }

    public long columnTotal(int column) {
        long sum = 0;
        for (long[] row : cells) {
            sum += row[column];
        }
        return sum;
    }

    public long total() {
        long sum = 0;
        for (int r = 0; r < rows.size(); r++) {
            sum += rowTotal(r);
        }
        return sum;
    }
}
