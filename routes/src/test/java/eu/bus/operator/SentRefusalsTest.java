package eu.bus.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.StatusStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender's side of dead letters, from a real status store on disk. */
class SentRefusalsTest {

    @TempDir
    Path dir;

    @Test
    void shouldListEachRefusingRecipientWithItsReasonAndLeaveOutWhatWasNotRefused() throws Exception {
        try (StatusStore store = StatusStore.open(dir, Clock.systemUTC())) {
            UUID refused = UUID.randomUUID();
            UUID fine = UUID.randomUUID();
            UUID expired = UUID.randomUUID();
            store.recordSent(refused, List.of(new StatusStore.Sent("NL-ENU", "aa", "bus.NL-ENU.inbox"),
                    new StatusStore.Sent("BE-ENU", "bb", "bus.BE-ENU.inbox")));
            store.recordReceipted(refused, "NL-ENU", UUID.randomUUID());
            store.recordFor(refused, "BE-ENU", MessageStatus.DEAD_LETTERED, "refused by BE-ENU: unverifiable: revoked key");
            store.recordSent(fine, List.of(new StatusStore.Sent("NL-ENU", "cc", "bus.NL-ENU.inbox")));
            store.recordReceipted(fine, "NL-ENU", UUID.randomUUID());
            store.record(expired, MessageStatus.SUBMITTED, "accepted");
            store.record(expired, MessageStatus.EXPIRED, "the broker stayed away until it expired");

            SentRefusals refusals = new SentRefusals(store);
            List<UUID> listed = refusals.list().stream().map(SentRefusal::messageId).toList();
            assertTrue(listed.containsAll(List.of(refused, expired)) && !listed.contains(fine), listed.toString());

            SentRefusal r = refusals.of(refused).orElseThrow();
            assertEquals(MessageStatus.DEAD_LETTERED, r.status());
            assertEquals(List.of("BE-ENU"), List.copyOf(r.refusals().keySet()), "NL-ENU received it and is not listed");
            assertTrue(r.refusals().get("BE-ENU").detail().contains("revoked key"));
            assertEquals(MessageStatus.EXPIRED, refusals.of(expired).orElseThrow().refusals().get(SentRefusal.WHOLE_MESSAGE).status());
            assertFalse(refusals.of(fine).isPresent());
            assertFalse(refusals.sent(UUID.randomUUID()));
        }
    }
}
