package eu.bus.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.StatusStore;
import eu.bus.exchange.TestMessages;
import eu.bus.keys.DevPki;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bus audit timeline}: a case run over the real broker, then the nodes' logs merged. EUROJUST stops following
 * the case topic before the assistance request, so its copy is sent and never received: the gap the timeline must name.
 */
class AuditTimelineCommandTest {

    static final String CASE = "CASE-2026-000444";
    static final List<String> NODES = List.of("NL-ENU", "BE-ENU", "EUROPOL", "EUROJUST");

    @TempDir
    static Path dir;
    static String caseOpen;
    static String request;

    @BeforeAll
    static void runTheCase() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
        try (BusNetwork bus = BusNetwork.start(layout, NODES, Clock.systemUTC(), audit -> { })) {
            List<String> others = List.of("BE-ENU", "EUROPOL", "EUROJUST");
            caseOpen = bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(CASE, "NL-ENU", others)));
            await().atMost(Duration.ofSeconds(60)).until(() -> receipts(bus, caseOpen) == 3);
            bus.camel().getRouteController().stopRoute("case-EUROJUST-" + CASE); // the request comes on the case topic
            var requestDocument = TestMessages.aboutCase(CASE, "NL-ENU", List.of("BE-ENU", "EUROPOL", "EUROJUST"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) requestDocument.get("payload")).put("deadline", "2026-11-20T17:00:00+01:00");
            request = bus.node("NL-ENU").submit(TestMessages.bytes(requestDocument));
            // What BE-ENU's case system received: the request, whose deadline is past and which nobody answered.
            java.nio.file.Files.createDirectories(dir.resolve("be-enu-received"));
            java.nio.file.Files.write(dir.resolve("be-enu-received/" + request + ".json"), TestMessages.bytes(requestDocument));
            await().atMost(Duration.ofSeconds(60)).until(() -> receipts(bus, request) == 2);
        }
    }

    static long receipts(BusNetwork bus, String id) {
        StatusStore status = bus.node("NL-ENU").services().status();
        return status.history(UUID.fromString(id)).stream().filter(c -> c.status() == MessageStatus.RECEIPTED).count();
    }

    @Test
    void shouldListEveryExchangeOfTheCaseInTimeOrderAndNameTheCopyNeverReceived() {
        CliRun run = CliRun.bus("audit", "timeline", "--case", CASE, "--logs", dir.resolve("nodes").toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("Case " + CASE + " in the logs of "), out);
        List<String> rows = out.lines().filter(l -> l.startsWith("20")).toList();
        for (String node : List.of("BE-ENU", "EUROPOL", "EUROJUST")) {
            assertTrue(rows.stream().anyMatch(r -> r.contains(" " + node + " ") && r.contains("DELIVERED") && r.contains(caseOpen.substring(0, 8))),
                    node + " delivered the case opening:\n" + out);
            assertTrue(rows.stream().anyMatch(r -> r.contains("RECEIPTED") && r.contains("receipt from " + node + " for " + caseOpen)), out);
        }
        assertTrue(rows.stream().anyMatch(r -> r.contains("NL-ENU") && r.contains(" SENT ") && r.contains("to bus.case." + CASE)), out);
        List<String> times = rows.stream().map(r -> r.substring(0, 30).strip()).toList();
        assertEquals(times.stream().sorted(java.util.Comparator.comparing(java.time.Instant::parse)).toList(), times, "in time order");
        assertTrue(out.contains("1 gap(s):"), out);
        assertTrue(out.contains("ASSISTANCE_REQUEST " + request + " from NL-ENU: sent to EUROJUST but never received (not in EUROJUST's log)"), out);
    }

    @Test
    void shouldNameTheAssistanceRequestWhoseDeadlinePassedWithoutAResponseFromTheMessagesGiven() throws Exception {
        CliRun run = CliRun.bus("audit", "timeline", "--case", CASE, "--logs", dir.resolve("nodes").toString(),
                "--messages", dir.resolve("be-enu-received").toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("2 gap(s):"), run.out());
        assertTrue(run.out().contains("ASSISTANCE_REQUEST " + request + " from NL-ENU: its deadline 2026-11-20T16:00:00Z passed"
                + " without a response"), run.out());

        var response = TestMessages.fresh("assistance-response-1.json", "BE-ENU", List.of("NL-ENU"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) response.get("header")).put("caseId", CASE).put("inReplyTo", request)
                .put("createdAt", "2026-11-19T10:00:00Z");
        java.nio.file.Path answered = java.nio.file.Files.createDirectories(dir.resolve("answered"));
        java.nio.file.Files.write(answered.resolve("response.json"), TestMessages.bytes(response));
        CliRun inTime = CliRun.bus("audit", "timeline", "--case", CASE, "--logs", dir.resolve("nodes").toString(),
                "--messages", dir.resolve("be-enu-received").toString(), answered.toString());
        assertTrue(inTime.out().contains("1 gap(s):") && !inTime.out().contains("deadline"), inTime.out());
    }

    @Test
    void shouldWriteJsonLinesForMachinesAndSayWhatIsWrongWithTheLogsGiven() {
        CliRun run = CliRun.bus("audit", "timeline", "--case", CASE, "--logs", dir.resolve("nodes/NL-ENU/audit").toString(),
                "--logs", dir.resolve("nodes/BE-ENU/audit").toString(), "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"")), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"RECEIPTED\"") && l.contains("\"node\":\"NL-ENU\"")), run.out());
        // EUROPOL's and EUROJUST's logs are not given: the receipt that never came is named, the rest is not guessed.
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"gap\":\"no receipt from EUROJUST reached NL-ENU (EUROJUST's log not given)\"")),
                run.out());

        CliRun none = CliRun.bus("audit", "timeline", "--case", CASE, "--logs", dir.resolve("pki").toString());
        assertEquals(ExitCodes.VERIFICATION_FAILED, none.exitCode());
        assertTrue(none.err().contains("is no audit directory and holds none"), none.err());
    }
}
