package eu.bus.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The participants file both the broker and every node view keep: what survives a reopen, what stops it. */
class CaseParticipantsTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepParticipantsLastChangeAndClosureWhenReopened() {
        Path file = dir.resolve("case-participants.json");
        CaseParticipants cases = CaseParticipants.open(file);
        cases.set("CASE-2026-000001", Set.of("NL-ENU", "EUROJUST"), new CaseParticipants.Change("m1", "NL-ENU", CaseChange.Kind.OPEN));
        cases.set("CASE-2026-000002", Set.of("BE-ENU"), new CaseParticipants.Change("m2", "BE-ENU", CaseChange.Kind.CLOSE));

        CaseParticipants again = CaseParticipants.open(file);
        assertEquals(Set.of("NL-ENU", "EUROJUST"), again.participants("CASE-2026-000001"));
        assertEquals(Optional.of(new CaseParticipants.Change("m1", "NL-ENU", CaseChange.Kind.OPEN, Set.of("NL-ENU", "EUROJUST"),
                null, null, 1)), again.last("CASE-2026-000001"));
        assertEquals("NL-ENU", again.lead("CASE-2026-000001"), "the node that opened the case leads it");
        assertTrue(again.isClosed("CASE-2026-000002"));
        assertEquals(Set.of("CASE-2026-000001", "CASE-2026-000002"), again.caseIds());
    }

    @Test
    void shouldRefuseToOpenWhenTheFileIsEmptyRatherThanForgetEveryCase() throws Exception {
        Path file = Files.writeString(dir.resolve("case-participants.json"), "");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CaseParticipants.open(file));
        assertTrue(e.getMessage().contains(file.toAbsolutePath() + " is empty"), e.getMessage());
        assertTrue(e.getMessage().contains("restore the file from backup"), e.getMessage());
    }

    @Test
    void shouldRefuseToOpenWhenTheFileIsTruncated() throws Exception {
        Path file = Files.writeString(dir.resolve("case-participants.json"), "{\"CASE-2026-000001\": {\"participants\": [\"NL-");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CaseParticipants.open(file));
        assertTrue(e.getMessage().contains("is damaged or truncated"), e.getMessage());
    }
}
