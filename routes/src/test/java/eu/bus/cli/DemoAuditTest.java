package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.LogLayout;
import eu.bus.message.Json;
import eu.bus.operator.AuditTrail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an auditor does after {@code bus demo} (the README's first command): the case's timeline across the six
 * nodes' logs lists every exchange of the case, in time order, with no gap; and each node's replay reproduces every
 * message it received, with no difference.
 */
class DemoAuditTest {

    static final String CASE = "CASE-2026-000123";
    static final List<String> EXCHANGES = List.of("SENT", "RECEIVED", "OPENED", "DELIVERED", "FORWARDED", "RECEIPTED", "DEAD_LETTERED");

    @TempDir
    static Path dir;
    static Path work;

    @BeforeAll
    static void runTheDemo() {
        work = dir.resolve("demo");
        CliRun demo = CliRun.bus("demo", "--workdir", work.toString());
        assertEquals(ExitCodes.OK, demo.exitCode(), demo.out() + demo.err());
        assertTrue(demo.out().contains("DEMO PASSED"), demo.out());
    }

    @Test
    void shouldListEveryExchangeOfTheCaseInTimeOrderWithNoGap() throws Exception {
        CliRun run = CliRun.bus("audit", "timeline", "--case", CASE, "--logs", work.resolve("nodes").toString(), "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            lines.add(Json.mapper().readTree(line));
        }
        assertTrue(lines.stream().noneMatch(l -> l.has("gap")), "no gap: " + run.out());
        List<Instant> times = lines.stream().map(l -> Instant.parse(l.get("time").asText())).toList();
        assertEquals(times.stream().sorted().toList(), times, "in time order");
        Set<String> listed = new HashSet<>();
        lines.forEach(l -> listed.add(l.get("node").asText() + " " + l.get("event").asText() + " " + l.path("messageId").asText()));

        // Counted here from each node's log: every record of the case that is an exchange (receipts' own arrival aside).
        Set<String> expected = new HashSet<>();
        try (Stream<Path> nodes = Files.list(work.resolve("nodes"))) {
            for (Path node : nodes.toList()) {
                AuditTrail.read(new LogLayout(node.resolve("audit")), r -> {
                    boolean receiptArrival = "DELIVERY_RECEIPT".equals(r.messageType())
                            && (r.event() == AuditEvent.RECEIVED || r.event() == AuditEvent.OPENED);
                    if (CASE.equals(r.caseId()) && EXCHANGES.contains(r.event().name()) && !receiptArrival) {
                        expected.add(r.node() + " " + r.event() + " " + r.messageId());
                    }
                });
            }
        }
        assertTrue(expected.size() > 30, "the demo's case has many exchanges: " + expected.size());
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(listed);
        assertEquals(Set.of(), missing, "every exchange of the case is in the timeline");
        for (String node : List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST")) {
            assertTrue(listed.stream().anyMatch(l -> l.startsWith(node + " ")), node + " takes part");
        }
    }

    @Test
    void shouldReproduceEveryMessageEachNodeReceivedWithNoDifference() {
        int replayed = 0;
        for (String node : List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST")) {
            CliRun run = CliRun.bus("audit", "replay", "--logs", work.resolve("nodes/" + node + "/audit").toString(),
                    "--pki", work.resolve("pki").toString(), "--ca", work.resolve("pki/ca.pem").toString(), "--witnesses", "2",
                    "--purpose", "audit of the demo", "--json");
            assertEquals(ExitCodes.OK, run.exitCode(), node + ": " + run.out() + run.err());
            JsonNode summary = Json.mapper().valueToTree(run.out().lines().reduce((a, b) -> b).map(l -> {
                try {
                    return Json.mapper().readTree(l);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).orElseThrow()).get("summary");
            assertEquals(0, summary.get("differences").asInt(), node + ": " + run.out());
            replayed += summary.get("replayed").asInt();
        }
        assertTrue(replayed >= 10, "messages replayed across the nodes: " + replayed);
    }
}
