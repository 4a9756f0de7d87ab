package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.Json;
import eu.bus.stats.StatsCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bus stats} over 10,500 generated referrals, intelligence reports and assistance requests, checked against the
 * test's own count of what it generated; then an attack on what was published: every hidden small count must keep at
 * least two possible values whatever the reader works out from the totals.
 */
class StatsCommandTest {

    static final int MESSAGES = 10_500;
    static final int THRESHOLD = 5;

    @TempDir
    static Path dir;
    static List<StatsCorpus.Message> corpus;
    static JsonNode published;

    @BeforeAll
    static void countTheCorpus() throws Exception {
        corpus = StatsCorpus.write(dir.resolve("received"), MESSAGES, 20261202L);
        CliRun run = CliRun.bus("stats", dir.resolve("received").toString(), "--format", "json", "--out", dir.resolve("stats.json").toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains(MESSAGES + " message(s) counted") && run.err().contains("copies of messages already counted"), run.err());
        published = Json.mapper().readTree(dir.resolve("stats.json").toFile());
    }

    @Test
    void shouldMatchAnIndependentCountInEveryPublishedCellAndHideOnlyWhatItMust() {
        Map<String, Map<String, Map<String, Long>>> expected = expectedTables();
        int checked = 0;
        int small = 0;
        for (JsonNode table : published.get("tables")) {
            String name = table.get("name").asText();
            Map<String, Map<String, Long>> truth = expected.get(name);
            assertTrue(truth != null, "an unexpected table " + name);
            List<String> rows = texts(table.get("rows"));
            List<String> columns = texts(table.get("columns"));
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < columns.size(); c++) {
                    long n = truth.getOrDefault(rows.get(r), Map.of()).getOrDefault(columns.get(c), 0L);
                    small += check(name + " " + rows.get(r) + "/" + columns.get(c), table.get("cells").get(r).get(c), n);
                    checked++;
                }
                long rowTotal = truth.getOrDefault(rows.get(r), Map.of()).values().stream().mapToLong(Long::longValue).sum();
                check(name + " " + rows.get(r) + "/TOTAL", table.get("rowTotals").get(r), rowTotal);
            }
            for (int c = 0; c < columns.size(); c++) {
                String column = columns.get(c);
                long columnTotal = truth.values().stream().mapToLong(m -> m.getOrDefault(column, 0L)).sum();
                check(name + " TOTAL/" + column, table.get("columnTotals").get(c), columnTotal);
            }
            long total = truth.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
            check(name + " TOTAL", table.get("total"), total);
            assertTrue(truth.keySet().stream().allMatch(rows::contains), name + ": every row counted is published");
        }
        assertTrue(checked > 250, "cells checked: " + checked);
        assertTrue(small > 10, "the corpus has small cells to hide: " + small);
    }

    @Test
    void shouldLeaveEveryHiddenSmallCountWithMoreThanOnePossibleValue() {
        int attacked = 0;
        for (JsonNode table : published.get("tables")) {
            int rows = table.get("rows").size();
            int columns = table.get("columns").size();
            long[][][] b = new long[rows + 1][columns + 1][];
            for (int r = 0; r <= rows; r++) {
                for (int c = 0; c <= columns; c++) {
                    JsonNode v = r < rows && c < columns ? table.get("cells").get(r).get(c) : r < rows ? table.get("rowTotals").get(r)
                            : c < columns ? table.get("columnTotals").get(c) : table.get("total");
                    b[r][c] = v.isNumber() ? new long[] {v.asLong(), v.asLong()}
                            : v.asText().equals("<" + THRESHOLD) ? new long[] {1, THRESHOLD - 1} : new long[] {THRESHOLD, Long.MAX_VALUE / 8};
                }
            }
            Attacker.narrow(b);
            for (int r = 0; r <= rows; r++) {
                for (int c = 0; c <= columns; c++) {
                    JsonNode v = r < rows && c < columns ? table.get("cells").get(r).get(c) : null;
                    if (v != null && v.asText().equals("<" + THRESHOLD)) {
                        attacked++;
                        assertTrue(b[r][c][0] < b[r][c][1], table.get("name").asText() + " row " + r + " column " + c
                                + " is pinned to " + b[r][c][0] + " by the totals");
                    }
                }
            }
        }
        assertTrue(attacked > 10, "hidden small counts attacked: " + attacked);
    }

    @Test
    void shouldPublishResponseTimesOnlyWhereEnoughRequestsWereAnswered() {
        Map<Integer, List<Double>> days = new TreeMap<>();
        Map<Integer, Long> asked = new TreeMap<>();
        Map<String, Instant> requests = new HashMap<>();
        corpus.stream().filter(m -> m.type().equals("assistance-request")).forEach(m -> {
            requests.put(m.id(), m.createdAt());
            asked.merge(year(m.createdAt()), 1L, Long::sum);
        });
        corpus.stream().filter(m -> m.type().equals("assistance-response")).forEach(m -> {
            Instant at = requests.get(m.inReplyTo());
            days.computeIfAbsent(year(at), k -> new ArrayList<>()).add(Duration.between(at, m.createdAt()).toMinutes() / 1440.0);
        });
        JsonNode times = published.get("responseTimes");
        assertEquals(asked.size(), times.size());
        for (JsonNode year : times) {
            int y = year.get("year").asInt();
            List<Double> d = days.getOrDefault(y, new ArrayList<>());
            d.sort(Double::compare);
            assertEquals(Long.toString(asked.get(y)), year.get("requests").asText());
            if (d.size() < THRESHOLD) {
                assertEquals("x", year.get("medianDays").asText());
            } else {
                assertEquals(Long.toString(d.size()), year.get("answered").asText());
                assertEquals(Math.round(d.get((int) Math.ceil(0.5 * d.size()) - 1) * 10) / 10.0, year.get("medianDays").asDouble(), 1e-9);
                assertEquals(Math.round(d.get((int) Math.ceil(0.9 * d.size()) - 1) * 10) / 10.0, year.get("p90Days").asDouble(), 1e-9);
            }
        }
    }

    @Test
    void shouldWriteCsvAndRefuseWhatIsNotAMessageDirectoryWithTheReason() throws Exception {
        CliRun csv = CliRun.bus("stats", dir.resolve("received").toString(), "--threshold", "10");
        assertEquals(ExitCodes.OK, csv.exitCode(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("table,row,column,value", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(",<10")), "a threshold of 10 hides counts up to 9");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("victims_by_gender_and_age,TOTAL,TOTAL,")));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.json"), "{\"not\": \"a message\"}");
        CliRun none = CliRun.bus("stats", empty.toString());
        assertEquals(ExitCodes.INVALID_INPUT, none.exitCode());
        assertTrue(none.err().contains("no bus message in"), none.err());
        CliRun low = CliRun.bus("stats", dir.resolve("received").toString(), "--threshold", "1");
        assertEquals(ExitCodes.INVALID_INPUT, low.exitCode());
        assertTrue(low.err().contains("at least 2"), low.err());
        CliRun help = CliRun.bus("stats", "--help");
        assertTrue(help.out().contains("Examples:"), help.out());
    }

    private static int check(String where, JsonNode published, long truth) {
        if (published.isNumber()) {
            assertEquals(truth, published.asLong(), where);
            assertTrue(truth == 0 || truth >= THRESHOLD, where + ": a small count " + truth + " was published");
            return 0;
        }
        if (published.asText().equals("<" + THRESHOLD)) {
            assertTrue(truth >= 1 && truth < THRESHOLD, where + ": " + truth + " shown as <" + THRESHOLD);
            return 1;
        }
        assertEquals("x", published.asText(), where);
        assertTrue(truth >= THRESHOLD, where + ": a complementary cell holds " + truth);
        return 0;
    }

    /** The expected tables, counted here from what was generated: victims once each, dated first, described last. */
    private static Map<String, Map<String, Map<String, Long>>> expectedTables() {
        Map<String, Instant> first = new HashMap<>();
        Map<String, Instant> lastAt = new HashMap<>();
        Map<String, StatsCorpus.Victim> last = new HashMap<>();
        Map<String, Instant> cases = new HashMap<>();
        Map<String, Map<String, Map<String, Long>>> t = new HashMap<>();
        for (StatsCorpus.Message m : corpus) {
            cases.merge(m.caseId(), m.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
            for (StatsCorpus.Victim v : m.victims()) {
                first.merge(v.ref(), m.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
                if (!lastAt.containsKey(v.ref()) || m.createdAt().isAfter(lastAt.get(v.ref()))) {
                    lastAt.put(v.ref(), m.createdAt());
                    last.put(v.ref(), v);
                }
            }
            if (m.type().equals("victim-referral")) {
                add(t, "referrals_by_country_and_year", m.fromCountry(), year(m.createdAt()));
            }
            if (m.type().equals("assistance-request")) {
                add(t, "assistance_requests_by_year", "requests", year(m.createdAt()));
            }
        }
        last.forEach((ref, v) -> {
            add(t, "victims_by_gender_and_age", v.gender(), v.ageBand());
            add(t, "victims_by_exploitation_and_year", v.form(), year(first.get(ref)));
            add(t, "victims_by_nationality_and_year", v.nationality(), year(first.get(ref)));
        });
        cases.values().forEach(at -> add(t, "cases_by_year", "cases", year(at)));
        return t;
    }

    private static void add(Map<String, Map<String, Map<String, Long>>> t, String table, String row, Object column) {
        t.computeIfAbsent(table, k -> new HashMap<>()).computeIfAbsent(row, k -> new HashMap<>()).merge(column.toString(), 1L, Long::sum);
    }

    private static int year(Instant at) {
        return at.atZone(ZoneOffset.UTC).getYear();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** The reader's side, written apart from the product's audit: each line sums to its total; narrow until stable. */
    private static final class Attacker {
        static void narrow(long[][][] b) {
            int rows = b.length;
            int columns = b[0].length;
            for (boolean moved = true; moved; ) {
                moved = false;
                for (int r = 0; r < rows; r++) {
                    long[][] line = new long[columns][];
                    for (int c = 0; c < columns; c++) {
                        line[c] = b[r][c];
                    }
                    moved |= line(line);
                }
                for (int c = 0; c < columns; c++) {
                    long[][] line = new long[rows][];
                    for (int r = 0; r < rows; r++) {
                        line[r] = b[r][c];
                    }
                    moved |= line(line);
                }
            }
        }

        /** total = sum of parts: each part is the total minus the others; the total is the sum of the parts. */
        private static boolean line(long[][] x) {
            int last = x.length - 1;
            boolean moved = false;
            for (int i = 0; i <= last; i++) {
                long lo;
                long hi;
                if (i == last) {
                    lo = 0;
                    hi = 0;
                    for (int j = 0; j < last; j++) {
                        lo += x[j][0];
                        hi = Math.min(Long.MAX_VALUE / 8, hi + x[j][1]);
                    }
                } else {
                    lo = x[last][0];
                    hi = x[last][1];
                    for (int j = 0; j < last; j++) {
                        if (j != i) {
                            lo -= x[j][1];
                            hi -= x[j][0];
                        }
                    }
                }
                if (lo > x[i][0]) {
                    x[i][0] = lo;
                    moved = true;
                }
                if (hi < x[i][1]) {
                    x[i][1] = hi;
                    moved = true;
                }
            }
            return moved;
        }
    }
}
