package eu.bus.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.UnverifiableMessage;
import eu.bus.rest.BusApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bus dlq and bus messages against a bus started the way bus run starts it; one bus for the class. */
class OperatorCommandTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-ENU");
    static final String VALID = "../schemas/examples/valid/intelligence-report-1.json";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static String work;
    static EmbeddedBus bus;

    @BeforeAll
    static void start() throws Exception {
        work = dir.resolve("work").toString();
        bus = EmbeddedBus.start(dir.resolve("work"), NODES, BusApiServer.Settings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (bus != null) {
            bus.close();
        }
    }

    static CliRun bus(String... args) {
        String[] withWorkdir = java.util.Arrays.copyOf(args, args.length + 2);
        withWorkdir[args.length] = "--workdir";
        withWorkdir[args.length + 1] = work;
        return CliRun.bus(withWorkdir);
    }

    /** A message NL-NMT sent to NL-ENU, receipted. */
    static String delivered() {
        CliRun submit = bus("submit", VALID, "--as", "NL-NMT", "--fresh");
        assertEquals(0, submit.exitCode(), submit.err());
        String id = submit.out().trim().split(" ")[2];
        await().atMost(WAIT).until(() -> bus.network().node("NL-NMT").services().status().current(UUID.fromString(id))
                .orElse(null) == MessageStatus.RECEIPTED);
        return id;
    }

    @Test
    void shouldListAndShowTheMessageAndReadItOnlyWithAPurpose() {
        String id = delivered();
        CliRun sent = bus("messages", "list", "--as", "NL-NMT", "--status", "RECEIPTED");
        assertEquals(0, sent.exitCode(), sent.err());
        assertTrue(sent.out().lines().anyMatch(l -> l.contains(id) && l.contains("sent") && l.contains("to NL-ENU:RECEIPTED")),
                sent.out());
        await().atMost(WAIT).until(() -> bus("messages", "list", "--as", "NL-ENU").out().contains(id));
        CliRun received = bus("messages", "list", "--as", "NL-ENU", "--case", "CASE-2026-000123", "--since", "1h");
        assertTrue(received.out().lines().anyMatch(l -> l.contains(id) && l.contains("DELIVERED") && l.contains("from NL-NMT")),
                received.out());

        CliRun badFilter = bus("messages", "list", "--as", "NL-NMT", "--status", "LOST");
        assertEquals(ExitCodes.INVALID_INPUT, badFilter.exitCode());
        assertTrue(badFilter.err().contains("'LOST' is not a status; use one of"), badFilter.err());

        CliRun noPurpose = bus("messages", "show", id, "--as", "NL-ENU");
        assertEquals(ExitCodes.INVALID_INPUT, noPurpose.exitCode());
        assertTrue(noPurpose.err().contains("a purpose is required") && noPurpose.err().contains("--purpose"), noPurpose.err());
        assertFalse(noPurpose.out().contains("Recruitment"), "no content without a purpose");

        CliRun show = bus("messages", "show", id, "--as", "NL-ENU", "--purpose", "case CASE-2026-000123: analyst review");
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(show.out().contains("Recruitment of Romanian women") && show.out().contains("consultation recorded"), show.out());

        CliRun notReceived = bus("messages", "show", id, "--as", "NL-NMT", "--purpose", "review");
        assertEquals(ExitCodes.INVALID_INPUT, notReceived.exitCode());
        assertTrue(notReceived.err().contains("NL-NMT received no message " + id), notReceived.err());
    }

    @Test
    void shouldListShowRefuseToResubmitAndDiscardAReceivedDeadLetter() throws Exception {
        String messageId = UnverifiableMessage.send(bus.network(), "BE-ENU", "NL-ENU").messageId();
        await().atMost(WAIT).until(() -> bus("dlq", "list", "--as", "NL-ENU", "--json").out().contains(messageId));
        CliRun list = bus("dlq", "list", "--as", "NL-ENU");
        assertEquals(0, list.exitCode(), list.err());
        String line = list.out().lines().filter(l -> l.contains("unverifiable") && l.contains("BE-ENU")).findFirst().orElseThrow();
        String id = line.trim().split("\\s+")[0];

        CliRun show = bus("dlq", "show", id, "--as", "NL-ENU");
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(show.out().contains("claims id   " + messageId) && show.out().contains("SHA-256 "), show.out());

        CliRun resubmit = bus("dlq", "resubmit", id, "--as", "NL-ENU", "--reason", "try");
        assertEquals(ExitCodes.INVALID_INPUT, resubmit.exitCode());
        assertTrue(resubmit.err().contains("only its sender can protect it again"), resubmit.err());

        CliRun discard = bus("dlq", "discard", id, "--as", "NL-ENU", "--reason", "garbage from a test client");
        assertEquals(0, discard.exitCode(), discard.err());
        assertTrue(discard.out().startsWith("OK dead letter " + id), discard.out());
        assertFalse(bus("dlq", "list", "--as", "NL-ENU").out().contains(id));

        CliRun unknown = bus("dlq", "show", id, "--as", "NL-ENU");
        assertEquals(ExitCodes.INVALID_INPUT, unknown.exitCode());
        assertTrue(unknown.err().contains("list them with: bus dlq list --as NL-ENU"), unknown.err());
    }

    @Test
    void shouldGiveAnExampleInEveryOperatorCommandsHelp() {
        for (String[] command : new String[][] {{"dlq"}, {"dlq", "list"}, {"dlq", "show"}, {"dlq", "resubmit"},
                {"dlq", "discard"}, {"messages"}, {"messages", "list"}, {"messages", "show"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            CliRun help = CliRun.bus(args);
            assertEquals(0, help.exitCode(), String.join(" ", command));
            assertTrue(help.out().contains("Example"), String.join(" ", command) + ": " + help.out());
        }
    }

    @Test
    void shouldExitFourSayingHowToStartWhenNoBusRuns() throws Exception {
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("empty"));
        CliRun r = CliRun.bus("dlq", "list", "--as", "NL-ENU", "--workdir", empty.toString());
        assertEquals(ExitCodes.INTERNAL, r.exitCode());
        assertTrue(r.err().contains("start one with: bus run --workdir"), r.err());
    }
}
