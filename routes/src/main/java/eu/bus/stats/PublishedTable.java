package eu.bus.stats;

import java.util.List;

/**
 * A count table as it is published: the inner cells, then each row's total (last column) and each column's total
 * (last row), the grand total in the corner; every value shown or hidden.
 *
 * @param grid (rows + 1) x (columns + 1)
 */
public record PublishedTable(CountTable counts, Published[][] grid) {

    public List<String> rows() {
        return counts.rows();
    }

    public List<String> columns() {
        return counts.columns();
    }

    public Published cell(int row, int column) {
        return grid[row][column];
    }

    public Published rowTotal(int row) {
        return grid[row][counts.columns().size()];
    }

    public Published columnTotal(int column) {
        return grid[counts.rows().size()][column];
    }

    public Published total() {
        return grid[counts.rows().size()][counts.columns().size()];
    }

    public long hiddenCells() {
        long n = 0;
        for (Published[] row : grid) {
            for (Published p : row) {
                n += p.hidden() ? 1 : 0;
            }
        }
        return n;
    }
}
