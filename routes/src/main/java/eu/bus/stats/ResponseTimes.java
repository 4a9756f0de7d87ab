package eu.bus.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the assistance requests of one year were answered: how many were asked, how many answered, and the median
 * and 90th percentile of the days until the first answer (nearest rank).
 */
public record ResponseTimes(int year, long requests, long answered, double medianDays, double p90Days) {

    static ResponseTimes of(int year, long requests, List<Double> days) {
        List<Double> sorted = new ArrayList<>(days);
        Collections.sort(sorted);
        return new ResponseTimes(year, requests, sorted.size(), rank(sorted, 0.5), rank(sorted, 0.9));
    }

    private static double rank(List<Double> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return Math.round(sorted.get(Math.max(0, index)) * 10) / 10.0;
    }
}
