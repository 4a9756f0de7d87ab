package eu.bus.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Counts what the messages say, each victim once (by pseudonym: a victim in a referral and in two intelligence
 * reports is one victim), dated by the first message that names them and described by the latest; each case once,
 * dated by its first message; each referral and each assistance request once (by message id).
 */
public final class Tally implements Consumer<MessageFacts> {

    static final List<String> GENDERS = List.of("FEMALE", "MALE", "OTHER", "UNKNOWN");
    static final List<String> AGE_BANDS = List.of("0-11", "12-15", "16-17", "18-24", "25-34", "35-49", "50+", "UNKNOWN");
    static final List<String> FORMS = List.of("SEXUAL", "LABOUR", "SERVICES", "BEGGING", "CRIMINAL_ACTIVITIES", "ORGAN_REMOVAL",
            "OTHER", "UNKNOWN");

    private record Victim(Instant first, Instant describedAt, VictimFacts facts) {
    }

    private final Map<String, Victim> victims = new HashMap<>();
    private final Map<String, Instant> cases = new HashMap<>();
    private final Map<String, Map<Integer, Long>> referrals = new TreeMap<>();
    private final Map<String, Instant> requests = new HashMap<>();
    private final Map<String, Instant> firstResponses = new HashMap<>();
    private long messages;

    @Override
    public void accept(MessageFacts m) {
        messages++;
        if (m.caseId() != null) {
            cases.merge(m.caseId(), m.createdAt(), Tally::earlier);
        }
        for (VictimFacts v : m.victims()) {
            victims.merge(v.ref(), new Victim(m.createdAt(), m.createdAt(), v), (was, now) -> new Victim(
                    earlier(was.first(), now.first()),
                    now.describedAt().isAfter(was.describedAt()) ? now.describedAt() : was.describedAt(),
                    now.describedAt().isAfter(was.describedAt()) ? now.facts() : was.facts()));
        }
        switch (m.messageType()) {
            case "victim-referral" -> referrals.computeIfAbsent(m.fromCountry(), k -> new TreeMap<>()).merge(year(m.createdAt()), 1L, Long::sum);
            case "assistance-request" -> requests.put(m.messageId(), m.createdAt());
            case "assistance-response" -> {
                if (m.inReplyTo() != null) {
                    firstResponses.merge(m.inReplyTo(), m.createdAt(), Tally::earlier);
                }
            }
            default -> { }
        }
    }

    public long messages() {
        return messages;
    }

    /** The count tables, in the order they are published. */
    public List<CountTable> tables() {
        List<String> years = years();
        List<CountTable> tables = new ArrayList<>();
        tables.add(victimTable("victims_by_gender_and_age", "Victims by gender and age band", "gender", GENDERS, "age band",
                AGE_BANDS, (v, first) -> new String[] {v.gender(), v.ageBand()}));
        tables.add(victimTable("victims_by_exploitation_and_year", "Victims by form of exploitation and year first reported",
                "form of exploitation", FORMS, "year", years, (v, first) -> new String[] {v.exploitationForm(), first}));
        List<String> nationalities = new ArrayList<>(new TreeSet<>(victims.values().stream().map(v -> v.facts().nationality()).toList()));
        tables.add(victimTable("victims_by_nationality_and_year", "Victims by nationality and year first reported", "nationality",
                nationalities, "year", years, (v, first) -> new String[] {v.nationality(), first}));
        tables.add(byYear("cases_by_year", "Cases by year of their first message", "cases", cases.values(), years));
        List<String> from = new ArrayList<>(referrals.keySet());
        long[][] referralCells = new long[from.size()][years.size()];
        for (int r = 0; r < from.size(); r++) {
            for (Map.Entry<Integer, Long> e : referrals.get(from.get(r)).entrySet()) {
                referralCells[r][years.indexOf(e.getKey().toString())] = e.getValue();
            }
        }
        tables.add(new CountTable("referrals_by_country_and_year", "Victim referrals by referring country and year",
                "referring country", "year", from, years, referralCells));
        tables.add(byYear("assistance_requests_by_year", "Assistance requests by year", "requests", requests.values(), years));
        return tables;
    }

    /** Per year of request: how many were answered, and how long the first answer took (days). */
    public List<ResponseTimes> responseTimes() {
        Map<Integer, List<Double>> days = new TreeMap<>();
        Map<Integer, Long> asked = new TreeMap<>();
        requests.forEach((id, at) -> {
            asked.merge(year(at), 1L, Long::sum);
            Instant answered = firstResponses.get(id);
            if (answered != null && !answered.isBefore(at)) {
                days.computeIfAbsent(year(at), k -> new ArrayList<>()).add(Duration.between(at, answered).toMinutes() / 1440.0);
            }
        });
        List<ResponseTimes> times = new ArrayList<>();
        asked.forEach((year, n) -> times.add(ResponseTimes.of(year, n, days.getOrDefault(year, List.of()))));
        return times;
    }

    @FunctionalInterface
    private interface Placement {
        /** The row and column labels of one victim, given the year they were first reported. */
        String[] of(VictimFacts victim, String firstYear);
    }

    private CountTable victimTable(String name, String title, String rowTitle, List<String> knownRows, String columnTitle,
                                   List<String> knownColumns, Placement placement) {
        Set<String> rows = new LinkedHashSet<>(knownRows);
        Set<String> columns = new LinkedHashSet<>(knownColumns);
        List<String[]> placed = new ArrayList<>(victims.size());
        for (Victim v : victims.values()) {
            String[] at = placement.of(v.facts(), Integer.toString(year(v.first())));
            rows.add(at[0]);
            columns.add(at[1]); // a value outside the schema's codes is counted under its own label, not dropped
            placed.add(at);
        }
        List<String> rowList = new ArrayList<>(rows);
        List<String> columnList = new ArrayList<>(columns);
        long[][] cells = new long[rowList.size()][columnList.size()];
        for (String[] at : placed) {
            cells[rowList.indexOf(at[0])][columnList.indexOf(at[1])]++;
        }
        return new CountTable(name, title, rowTitle, columnTitle, rowList, columnList, cells);
    }

    private static CountTable byYear(String name, String title, String what, java.util.Collection<Instant> times, List<String> years) {
        long[][] cells = new long[1][years.size()];
        for (Instant t : times) {
            cells[0][years.indexOf(Integer.toString(year(t)))]++;
        }
        return new CountTable(name, title, what, "year", List.of(what), years, cells);
    }

    /** Every year any message was sent in, ascending: the columns of the tables by year. */
    private List<String> years() {
        Set<Integer> years = new TreeSet<>();
        victims.values().forEach(v -> years.add(year(v.first())));
        cases.values().forEach(t -> years.add(year(t)));
        referrals.values().forEach(m -> years.addAll(m.keySet()));
        requests.values().forEach(t -> years.add(year(t)));
        return years.stream().map(String::valueOf).toList();
    }

    static int year(Instant t) {
        return t.atZone(ZoneOffset.UTC).getYear();
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
