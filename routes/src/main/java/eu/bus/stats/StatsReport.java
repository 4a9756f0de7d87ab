package eu.bus.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import java.io.PrintWriter;
import java.util.List;

/**
 * The published statistics: every count table with its small counts hidden, and response times, as CSV (one value
 * per line: table, row, column, value) or JSON. Hidden values are written as {@code <T} or {@code x}, never as
 * numbers.
 */
public record StatsReport(int threshold, long messages, List<PublishedTable> tables, List<ResponseTimes> responseTimes) {

    public static final String TOTAL = "TOTAL";

    public static StatsReport of(Tally tally, Suppression suppression) {
        return new StatsReport(suppression.threshold(), tally.messages(),
                tally.tables().stream().map(suppression::apply).toList(), tally.responseTimes());
    }

    public void writeCsv(PrintWriter out) {
        out.println("table,row,column,value");
        for (PublishedTable t : tables) {
            String name = t.counts().name();
            for (int r = 0; r <= t.rows().size(); r++) {
                String row = r < t.rows().size() ? t.rows().get(r) : TOTAL;
                for (int c = 0; c <= t.columns().size(); c++) {
                    String column = c < t.columns().size() ? t.columns().get(c) : TOTAL;
                    out.println(name + "," + row + "," + column + "," + t.grid()[r][c].text(threshold));
                }
            }
        }
        for (ResponseTimes rt : responseTimes) {
            String row = "response_times," + rt.year() + ",";
            out.println(row + "requests," + count(rt.requests()));
            out.println(row + "answered," + count(rt.answered()));
            out.println(row + "median_days," + days(rt, rt.medianDays()));
            out.println(row + "p90_days," + days(rt, rt.p90Days()));
        }
    }

    public void writeJson(PrintWriter out) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("threshold", threshold).put("messages", messages)
                .put("hidden", "counts from 1 to " + (threshold - 1) + " show as \"<" + threshold + "\"; \"x\" hides a count"
                        + " so that a small one cannot be worked out from the totals");
        ArrayNode list = root.putArray("tables");
        for (PublishedTable t : tables) {
            ObjectNode table = list.addObject();
            CountTable counts = t.counts();
            table.put("name", counts.name()).put("title", counts.title()).put("rowTitle", counts.rowTitle())
                    .put("columnTitle", counts.columnTitle());
            counts.rows().forEach(table.putArray("rows")::add);
            counts.columns().forEach(table.putArray("columns")::add);
            ArrayNode cells = table.putArray("cells");
            for (int r = 0; r < t.rows().size(); r++) {
                ArrayNode row = cells.addArray();
                for (int c = 0; c < t.columns().size(); c++) {
                    put(row, t.cell(r, c));
                }
            }
            ArrayNode rowTotals = table.putArray("rowTotals");
            for (int r = 0; r < t.rows().size(); r++) {
                put(rowTotals, t.rowTotal(r));
            }
            ArrayNode columnTotals = table.putArray("columnTotals");
            for (int c = 0; c < t.columns().size(); c++) {
                put(columnTotals, t.columnTotal(c));
            }
            table.set("total", value(t.total()));
        }
        ArrayNode times = root.putArray("responseTimes");
        for (ResponseTimes rt : responseTimes) {
            ObjectNode year = times.addObject().put("year", rt.year());
            year.put("requests", count(rt.requests())).put("answered", count(rt.answered()))
                    .put("medianDays", days(rt, rt.medianDays())).put("p90Days", days(rt, rt.p90Days()));
        }
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the statistics as JSON: " + e.getMessage(), e);
        }
    }

    private void put(ArrayNode array, Published p) {
        array.add(value(p));
    }

    /** A number when shown, the mark as a string when hidden. */
    private com.fasterxml.jackson.databind.JsonNode value(Published p) {
        return p.hidden() ? Json.mapper().getNodeFactory().textNode(p.text(threshold))
                : Json.mapper().getNodeFactory().numberNode(p.value());
    }

    private String count(long n) {
        return n > 0 && n < threshold ? "<" + threshold : Long.toString(n);
    }

    /** Times of fewer than T answers are not published: each would say how one case went. */
    private String days(ResponseTimes rt, double days) {
        return rt.answered() < threshold ? "x" : Double.toString(days);
    }
}
