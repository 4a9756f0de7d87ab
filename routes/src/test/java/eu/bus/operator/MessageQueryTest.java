package eu.bus.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MessageQueryTest {

    static final Instant NOW = Instant.parse("2026-12-01T17:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void shouldReadEachFormOfSince() {
        assertEquals(NOW.minus(Duration.ofMinutes(30)), MessageQuery.parse(null, null, "30m", CLOCK).since());
        assertEquals(NOW.minus(Duration.ofHours(2)), MessageQuery.parse(null, null, "2h", CLOCK).since());
        assertEquals(NOW.minus(Duration.ofDays(7)), MessageQuery.parse(null, null, "7d", CLOCK).since());
        assertEquals(Instant.parse("2026-01-31T00:00:00Z"), MessageQuery.parse(null, null, "2026-01-31", CLOCK).since());
        assertEquals(Instant.parse("2026-01-31T12:00:00Z"), MessageQuery.parse(null, null, "2026-01-31T12:00:00Z", CLOCK).since());
        assertNull(MessageQuery.parse(" ", "", null, CLOCK).since(), "blank is not given");
    }

    @Test
    void shouldRefuseAFilterThatCannotMatchWithTheFormsItTakes() {
        OperatorRefusal status = assertThrows(OperatorRefusal.class, () -> MessageQuery.parse("LOST", null, null, CLOCK));
        assertTrue(status.getMessage().contains("DEAD_LETTERED") && status.getMessage().contains("RECEIVED"), status.getMessage());
        OperatorRefusal since = assertThrows(OperatorRefusal.class, () -> MessageQuery.parse(null, null, "yesterday", CLOCK));
        assertTrue(since.getMessage().contains("30m, 2h, 7d"), since.getMessage());
        OperatorRefusal caseId = assertThrows(OperatorRefusal.class, () -> MessageQuery.parse(null, "case 1", null, CLOCK));
        assertEquals(OperatorRefusal.Kind.INVALID, caseId.kind());
    }

    @Test
    void shouldMatchOnEveryGivenFilterAndIgnoreTheOthers() {
        MessageQuery q = MessageQuery.parse("dead_lettered", "CASE-2026-000123", "1h", CLOCK);
        assertTrue(q.matches("DEAD_LETTERED", "CASE-2026-000123", NOW.minusSeconds(60)));
        assertFalse(q.matches("DELIVERED", "CASE-2026-000123", NOW.minusSeconds(60)));
        assertFalse(q.matches("DEAD_LETTERED", "CASE-2026-000999", NOW.minusSeconds(60)));
        assertFalse(q.matches("DEAD_LETTERED", "CASE-2026-000123", NOW.minus(Duration.ofHours(2))));
        assertFalse(q.matches("DEAD_LETTERED", "CASE-2026-000123", null), "no time: not known to be recent");
        assertTrue(MessageQuery.ALL.matches("SENT", null, null));
    }
}
