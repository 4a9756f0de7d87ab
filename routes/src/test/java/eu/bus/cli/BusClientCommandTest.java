package eu.bus.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import eu.bus.rest.BusApiServer;
import eu.bus.rest.RunFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bus submit, status and subscribe against a bus started the way {@code bus run} starts it
 * ({@link EmbeddedBus}: dev PKI, broker, nodes, REST API, run.json); one bus for the class.
 */
class BusClientCommandTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-ENU", "EUROPOL", "EUROJUST");
    static final String VALID = "../schemas/examples/valid/intelligence-report-1.json";
    static final String H7 = "../schemas/examples/invalid/intelligence-report-handling-code-h7.json";

    @TempDir
    static Path dir;
    static Path work;
    static EmbeddedBus bus;

    @BeforeAll
    static void start() throws Exception {
        work = dir.resolve("work");
        bus = EmbeddedBus.start(work, NODES, BusApiServer.Settings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (bus != null) {
            bus.close();
            assertFalse(Files.exists(work.resolve("run.json")), "run.json is removed on shutdown");
        }
    }

    static CliRun bus(String... args) {
        return CliRun.bus(args);
    }

    @Test
    void shouldWriteRunFileWithApiAddressAndNodesWhenTheBusRuns() {
        RunFile run = RunFile.read(work).orElseThrow();
        assertEquals(bus.api().port(), run.apiPort());
        assertEquals("127.0.0.1", run.apiHost());
        assertEquals(NODES, run.nodes());
        assertEquals(ProcessHandle.current().pid(), run.pid());
    }

    @Test
    void shouldExitWithInvalidInputSayingHowToFixItWhenTheKeyStorePasswordFileIsReadableByOthers() throws Exception {
        Path file = work.resolve("pki/nodes/EUROJUST/keystore.password");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            CliRun submit = bus("submit", VALID, "--as", "EUROJUST", "--fresh", "--workdir", work.toString());
            assertEquals(ExitCodes.INVALID_INPUT, submit.exitCode(), submit.err());
            assertTrue(submit.err().contains("chmod 600 " + file), submit.err());
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void shouldPrintOkAndTrackTheStatusWhenAFileIsSubmitted() {
        CliRun submit = bus("submit", VALID, "--as", "NL-NMT", "--fresh", "--workdir", work.toString());
        assertEquals(0, submit.exitCode(), submit.err());
        assertTrue(submit.out().startsWith("OK " + VALID + " "), submit.out());
        String id = submit.out().trim().split(" ")[2];
        UUID.fromString(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> bus("status", id, "--workdir", work.toString()).out()
                .startsWith(id + "  RECEIPTED  (sent by NL-NMT)"));
        CliRun status = bus("status", id, "--workdir", work.toString());
        assertEquals(0, status.exitCode());
        assertTrue(status.out().contains("SUBMITTED") && status.out().contains("SENT"), status.out());
    }

    @Test
    void shouldExitTwoWithEachProblemWhenTheBusRefusesAFile() {
        CliRun r = bus("submit", VALID, H7, "--as", "NL-NMT", "--fresh", "--workdir", work.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("OK " + VALID), "the valid file still goes: " + r.out());
        assertTrue(r.err().contains("REFUSED " + H7), r.err());
        assertTrue(r.err().contains("  /header/handlingCode: \"H7\" is not allowed (expected one of H0, H1, H2, H3)"), r.err());
    }

    @Test
    void shouldNameThePolicyRuleWhenASubmissionBreaksIt() throws Exception {
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(Path.of(VALID).toFile());
        ((ObjectNode) doc.get("header")).set("recipients", Json.mapper().valueToTree(List.of("DE-ENU")));
        Path file = dir.resolve("to-unknown.json");
        Json.mapper().writeValue(file.toFile(), doc);
        CliRun r = bus("submit", file.toString(), "--as", "NL-NMT", "--fresh", "--workdir", work.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("unknown recipient DE-ENU") && r.err().contains("[rule known-recipient]"), r.err());
    }

    @Test
    void shouldExitTwoWhenAFileReusesAMessageIdForOtherContent() throws Exception {
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(Path.of(VALID).toFile());
        ((ObjectNode) doc.get("header")).put("messageId", UUID.randomUUID().toString());
        ((ObjectNode) doc.get("header")).put("createdAt", Instant.now().toString());
        Path first = dir.resolve("first.json");
        Json.mapper().writeValue(first.toFile(), doc);
        assertEquals(0, bus("submit", first.toString(), "--as", "NL-NMT", "--workdir", work.toString()).exitCode());
        ((ObjectNode) doc.get("payload")).put("summary", "other content, same id");
        Path second = dir.resolve("second.json");
        Json.mapper().writeValue(second.toFile(), doc);
        CliRun r = bus("submit", second.toString(), "--as", "NL-NMT", "--workdir", work.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("[rule message-id-reused]"), r.err());
    }

    @Test
    void shouldExitTwoWhenTheFileOrTheNodeDoesNotExist() {
        CliRun noFile = bus("submit", "no-such.json", "--as", "NL-NMT", "--workdir", work.toString());
        assertEquals(2, noFile.exitCode());
        assertTrue(noFile.err().contains("REFUSED no-such.json: no such file"), noFile.err());
        CliRun noNode = bus("submit", VALID, "--as", "DE-NMT", "--workdir", work.toString());
        assertEquals(2, noNode.exitCode());
        assertTrue(noNode.err().contains("no keys for node DE-NMT"), noNode.err());
    }

    @Test
    void shouldSuggestKeysAddForASubmitterWithoutKeysAndThenSayHowToRunIt() throws Exception {
        CliRun unknown = bus("submit", VALID, "--as", "FR-ENU", "--workdir", work.toString());
        assertEquals(2, unknown.exitCode());
        String hint = Hints.command(unknown.err(), "bus keys add");
        assertEquals("bus keys add FR-ENU --workdir " + work.toAbsolutePath(), hint);
        CliRun add = bus(Hints.args(hint));
        assertEquals(ExitCodes.OK, add.exitCode(), add.err());
        // Enrolled now, so its keys authenticate it; the running bus has no gateway for it, and says so.
        Path fromFrance = Files.writeString(dir.resolve("from-fr-enu.json"),
                Files.readString(Path.of(VALID)).replace("\"sender\": \"NL-NMT\"", "\"sender\": \"FR-ENU\""));
        CliRun submit = bus("submit", fromFrance.toString(), "--as", "FR-ENU", "--fresh", "--workdir", work.toString());
        assertEquals(2, submit.exitCode());
        assertTrue(submit.err().contains("node FR-ENU does not run in this bus") && submit.err().contains("bus run --nodes ...,FR-ENU"),
                submit.err());
    }

    @Test
    void shouldExitFourWithHowToStartWhenNoBusRuns() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun r = bus("submit", VALID, "--as", "NL-NMT", "--workdir", empty.toString());
        assertEquals(4, r.exitCode());
        assertTrue(r.err().contains("no bus is running in " + empty.toAbsolutePath() + "; start one with: bus run --workdir "
                + empty.toAbsolutePath()), r.err());
        assertEquals(4, bus("subscribe", "--case", "CASE-2026-000123", "--as", "NL-ENU", "--workdir", empty.toString()).exitCode());
    }

    @Test
    void shouldExitFourWhenRunFileIsLeftOverFromAnEndedProcess() throws Exception {
        Path stale = Files.createDirectories(dir.resolve("stale"));
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        new RunFile("127.0.0.1", 1, ended.pid(), NODES, new eu.bus.broker.BrokerAddress("127.0.0.1", 1), true, Instant.now()).write(stale);
        CliRun r = bus("submit", VALID, "--as", "NL-NMT", "--workdir", stale.toString());
        assertEquals(4, r.exitCode());
        assertTrue(r.err().contains("no bus is running") && r.err().contains("has ended"), r.err());
    }

    @Test
    void shouldSayWhereARunFileIsDamagedWithoutTheParsersInternals() throws Exception {
        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        Files.writeString(damaged.resolve("run.json"), "{\"host\": \"127.0.0.1\",\n \"port\": ");
        CliRun r = bus("submit", VALID, "--as", "NL-NMT", "--workdir", damaged.toString());
        assertTrue(r.exitCode() == 2 || r.exitCode() == 4, r.err());
        assertTrue(r.err().contains("is damaged") && r.err().contains("line 2"), r.err());
        assertTrue(r.err().contains("delete it and start again with"), r.err());
        assertFalse(r.err().contains("Source:") || r.err().contains("REDACTED") || r.err().contains("StreamReadFeature"), r.err());
    }

    @Test
    void shouldExitTwoWhenTheMessageIdIsUnknown() {
        CliRun unknown = bus("status", UUID.randomUUID().toString(), "--workdir", work.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("check the id"), unknown.err());
        CliRun notAnId = bus("status", "nonsense", "--workdir", work.toString());
        assertEquals(2, notAnId.exitCode());
        assertTrue(notAnId.err().contains("not a message id"), notAnId.err());
    }

    @Test
    void shouldFollowTheCaseOnlyWhenTheNodeParticipates() throws Exception {
        String caseId = "CASE-2026-000321";
        ObjectNode open = (ObjectNode) Json.mapper().readTree(Path.of("../schemas/examples/valid/case-open-1.json").toFile());
        ((ObjectNode) open.get("header")).put("caseId", caseId);
        Path file = dir.resolve("case-open.json");
        Json.mapper().writeValue(file.toFile(), open);
        assertEquals(0, bus("submit", file.toString(), "--as", "NL-ENU", "--fresh", "--workdir", work.toString()).exitCode());

        // BE-ENU learns it participates once the case-open is delivered to it.
        await().atMost(Duration.ofSeconds(20)).until(() -> bus("subscribe", "--case", caseId, "--as", "BE-ENU", "--workdir",
                work.toString()).exitCode() == 0);
        CliRun yes = bus("subscribe", "--case", caseId, "--as", "BE-ENU", "--workdir", work.toString());
        assertEquals(0, yes.exitCode(), yes.err());
        assertEquals("OK BE-ENU follows case " + caseId, yes.out().trim());

        CliRun no = bus("subscribe", "--case", caseId, "--as", "NL-NMT", "--workdir", work.toString());
        assertEquals(2, no.exitCode());
        assertTrue(no.err().contains("NL-NMT is not a participant of case " + caseId), no.err());

        CliRun bad = bus("subscribe", "--case", "case 1", "--as", "NL-NMT", "--workdir", work.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("case ids look like CASE-2026-000123"), bad.err());
    }

    @Test
    void shouldRefuseToStartWhenABusAlreadyRunsInTheDirectory() {
        CliRun r = bus("run", "--workdir", work.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("a bus already runs in " + work.toAbsolutePath()), r.err());
        assertEquals(1, bus("run", "--api-port", "70000", "--workdir", dir.resolve("x").toString()).exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "submit", "status", "subscribe"})
    void shouldPrintUsageWhenHelpIsAsked(String command) {
        CliRun r = bus(command, "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("Usage: bus " + command), r.out());
        assertTrue(r.out().contains("--workdir"), r.out());
    }
}
