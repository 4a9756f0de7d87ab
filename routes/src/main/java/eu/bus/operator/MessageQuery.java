package eu.bus.operator;

import eu.bus.exchange.MessageStatus;
import eu.bus.message.CaseId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters of {@code bus messages list}: a status, a case, a start time; each null when not given. A
 * filter that cannot match anything (an unknown status, a malformed case id or time) is refused, not ignored.
 */
public record MessageQuery(String status, String caseId, Instant since) {

    /** What a status filter may name: a sender's statuses, and RECEIVED for what arrived but is not yet settled. */
    public static final Set<String> STATUSES = statuses();
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([mhd])");

    public static final MessageQuery ALL = new MessageQuery(null, null, null);

    /** Parses the filters as given on the command line or in the query string; blank means not given. */
    public static MessageQuery parse(String status, String caseId, String since, Clock clock) {
        return new MessageQuery(status(status), caseId(caseId), since(since, clock));
    }

    public boolean matches(String messageStatus, String messageCase, Instant at) {
        return (status == null || status.equals(messageStatus))
                && (caseId == null || caseId.equals(messageCase))
                && (since == null || (at != null && !at.isBefore(since)));
    }

    private static String status(String text) {
        if (blank(text)) {
            return null;
        }
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(s)) {
            throw OperatorRefusal.invalid("bad-filter", "'" + text + "' is not a status; use one of " + String.join(", ", STATUSES));
        }
        return s;
    }

    private static String caseId(String text) {
        if (blank(text)) {
            return null;
        }
        if (!CaseId.isValid(text.strip())) {
            throw OperatorRefusal.invalid("bad-filter", "'" + text + "' is not a case id; case ids look like CASE-2026-000123");
        }
        return text.strip();
    }

    /** A UTC time (2026-01-31T12:00:00Z), a day (2026-01-31, from its start in UTC) or a span back from now (30m, 2h, 7d). */
    private static Instant since(String text, Clock clock) {
        if (blank(text)) {
            return null;
        }
        String t = text.strip();
        Matcher relative = RELATIVE.matcher(t);
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            Duration span = switch (relative.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(span);
        }
        try {
            return t.contains("T") ? Instant.parse(t) : LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw OperatorRefusal.invalid("bad-filter", "'" + text + "' is not a time; give a UTC time (2026-01-31T12:00:00Z),"
                    + " a day (2026-01-31) or a span back from now (30m, 2h, 7d)");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Set<String> statuses() {
        Set<String> all = new TreeSet<>();
        Arrays.stream(MessageStatus.values()).forEach(s -> all.add(s.name()));
        all.add(ReceivedMessage.RECEIVED);
        return java.util.Collections.unmodifiableSet(all);
    }
}
