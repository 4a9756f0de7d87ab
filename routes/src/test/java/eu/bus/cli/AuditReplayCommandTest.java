package eu.bus.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.audit.LogLayout;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.StatusStore;
import eu.bus.exchange.TestMessages;
import eu.bus.keys.DevPki;
import eu.bus.message.Json;
import eu.bus.operator.AuditTrail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bus audit replay}: what BE-NMT received over the real broker (its keys rotated half-way, so the first
 * messages open only with its key history) replayed from its archive after the bus stopped. Each test works on a
 * copy of the work directory: a replay appends to the log it replays.
 */
class AuditReplayCommandTest {

    static final String CASE = "CASE-2026-000123";
    static final String OTHER_CASE = "CASE-2026-000777";
    static final String SENDER = "NL-NMT";
    static final String RECEIVER = "BE-NMT";

    @TempDir
    static Path bus;
    @TempDir
    Path dir;

    static final List<String> received = new ArrayList<>();
    /** The intelligence reports sent without observedUntil, which the 1.1 schema of the test requires. */
    static final Set<String> withoutObservedUntil = new java.util.HashSet<>();
    static String otherCase;

    @BeforeAll
    static void exchange() throws Exception {
        BusLayout layout = new BusLayout(bus);
        DevPki.init(layout.pki(), List.of(SENDER, RECEIVER, "AUDITOR"));
        try (BusNetwork network = BusNetwork.start(layout, List.of(SENDER, RECEIVER), Clock.systemUTC(), audit -> { })) {
            send(network, report(true), report(false));
            new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).rotate(layout.pki(), RECEIVER);
            Thread.sleep(2_500); // the sender's registry and the receiver's keys follow the files within a second or two
            ObjectNode elsewhere = report(true);
            ((ObjectNode) elsewhere.get("header")).put("caseId", OTHER_CASE);
            send(network, report(false), TestMessages.fresh("victim-referral-3.json", SENDER, List.of(RECEIVER)), elsewhere);
            otherCase = elsewhere.get("header").get("messageId").asText();
        }
    }

    private static ObjectNode report(boolean observedUntil) {
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", SENDER, List.of(RECEIVER));
        if (!observedUntil) {
            ((ObjectNode) doc.get("payload")).remove("observedUntil");
            withoutObservedUntil.add(doc.get("header").get("messageId").asText());
        }
        return doc;
    }

    private static void send(BusNetwork network, ObjectNode... documents) {
        List<UUID> ids = new ArrayList<>();
        for (ObjectNode doc : documents) {
            ids.add(UUID.fromString(network.node(SENDER).submit(TestMessages.bytes(doc))));
            received.add(doc.get("header").get("messageId").asText());
        }
        StatusStore status = network.node(SENDER).services().status();
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                .allMatch(id -> status.current(id).orElse(null) == MessageStatus.RECEIPTED));
    }

    /** A copy of the stopped bus's work directory for one test. */
    private Path copy() throws IOException {
        copyTree(bus, dir);
        return dir;
    }

    private static CliRun replay(Path work, String... more) {
        List<String> args = new ArrayList<>(List.of("audit", "replay", "--logs", work.resolve("nodes/" + RECEIVER + "/audit").toString(),
                "--pki", work.resolve("pki").toString(), "--ca", work.resolve("pki/ca.pem").toString(), "--purpose", "test"));
        args.addAll(List.of(more));
        return CliRun.bus(args.toArray(String[]::new));
    }

    private static List<JsonNode> lines(CliRun run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            lines.add(Json.mapper().readTree(line));
        }
        return lines;
    }

    @Test
    void shouldReproduceEveryMessageWithNoDifferenceAndAuditEachReplay() throws Exception {
        Path work = copy();

        CliRun run = replay(work, "--user", "auditor-be");

        assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("OK: " + received.size() + " message(s) received by " + RECEIVER + " replayed"), run.out());
        for (String id : received) {
            assertTrue(run.out().lines().anyMatch(l -> l.contains(id) && l.contains("DELIVERED") && l.contains("ACCEPTED")), run.out());
        }
        List<AuditRecord> replayed = new ArrayList<>();
        AuditTrail.read(new LogLayout(work.resolve("nodes/" + RECEIVER + "/audit")), r -> {
            if (r.event() == AuditEvent.REPLAYED) {
                replayed.add(r);
            }
        });
        assertEquals(received, replayed.stream().map(r -> r.messageId().toString()).toList(), "one REPLAYED record each, in order");
        assertTrue(replayed.stream().allMatch(r -> "auditor-be".equals(r.user()) && "test".equals(r.purpose())));
        CliRun verify = CliRun.bus("audit", "verify", work.resolve("nodes/" + RECEIVER + "/audit").toString(),
                "--ca", work.resolve("pki/ca.pem").toString());
        assertEquals(ExitCodes.OK, verify.exitCode(), "the log still verifies with the replay in it: " + verify.err());
    }

    @Test
    void shouldReportExactlyTheMessageWhoseArchivedBodyWasAltered() throws Exception {
        Path work = copy();
        String altered = received.get(2);
        Path body = archivedBody(work, altered);
        byte[] bytes = Files.readAllBytes(body);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(body, bytes);

        CliRun run = replay(work, "--json");

        assertEquals(ExitCodes.VERIFICATION_FAILED, run.exitCode(), run.out() + run.err());
        List<JsonNode> differing = lines(run).stream().filter(l -> l.has("messageId") && !l.get("reproduced").asBoolean()).toList();
        assertEquals(List.of(altered), differing.stream().map(l -> l.get("messageId").asText()).toList(), run.out());
        assertTrue(differing.get(0).get("differences").get(0).asText().contains("archived body was altered"), run.out());
        assertEquals(1, lines(run).get(received.size()).get("summary").get("differences").asInt());
    }

    @Test
    void shouldReportTheMessagesANewerSchemaVersionRefusesThatTheirPinnedVersionAccepted() throws Exception {
        Path work = copy();
        Path schemas = work.resolve("next-schemas");
        copyTree(Path.of("../schemas/json"), schemas);
        ObjectNode stricter = (ObjectNode) Json.mapper().readTree(schemas.resolve("intelligence-report/1.0.json").toFile());
        stricter.put("$id", "https://schemas.thb-bus.eu/intelligence-report/1.1.json");
        stricter.withArray("required").add("observedUntil");
        Files.writeString(schemas.resolve("intelligence-report/1.1.json"), stricter.toString());

        CliRun run = replay(work, "--schemas", schemas.toString(), "--json");

        assertEquals(ExitCodes.OK, run.exitCode(), "no difference from the log: " + run.out() + run.err());
        List<String> refused = lines(run).stream().filter(l -> l.has("messageId") && !l.get("validUnderCurrent").asBoolean())
                .map(l -> l.get("messageId").asText()).toList();
        assertEquals(withoutObservedUntil, Set.copyOf(refused), run.out());
        assertEquals(2, refused.size());
        assertTrue(lines(run).stream().filter(l -> refused.contains(l.path("messageId").asText()))
                .allMatch(l -> l.get("pinnedVersion").asText().equals("1.0") && l.get("currentVersion").asText().equals("1.1")
                        && l.get("currentError").asText().contains("observedUntil")), run.out());
    }

    @Test
    void shouldWriteTheCaseReplayedMarkedAsAReplayThatNoGatewayTakesForANewMessage() throws Exception {
        Path work = copy();
        Path out = work.resolve("reprocess");

        CliRun run = replay(work, "--case", OTHER_CASE, "--to-dir", out.toString());

        assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
        List<Path> files;
        try (Stream<Path> listing = Files.list(out)) {
            files = listing.toList();
        }
        assertEquals(1, files.size(), "only the message of " + OTHER_CASE + ": " + files);
        assertTrue(files.get(0).getFileName().toString().endsWith("-" + otherCase + ".replay.json"), files.toString());
        JsonNode written = Json.mapper().readTree(files.get(0).toFile());
        assertEquals(otherCase, written.get("replay").get("of").asText());
        assertEquals(OTHER_CASE, written.get("header").get("caseId").asText());
        CliRun validate = CliRun.bus("validate", files.get(0).toString());
        assertFalse(validate.exitCode() == ExitCodes.OK, "a replay is not a bus message: " + validate.out());
    }

    @Test
    void shouldPutReplaysAsArchivedOnTheNodesOwnReplayQueueWhichNoOtherNodeMayRead() throws Exception {
        Path work = copy();
        Path pki = work.resolve("pki");
        try (eu.bus.broker.EmbeddedBroker broker = eu.bus.broker.EmbeddedBroker.start(
                eu.bus.broker.BrokerSettings.defaults(work.resolve("broker"), pki).withPort(0), Clock.systemUTC())) {
            CliRun run = replay(work, "--to-queue", "127.0.0.1:" + broker.port());
            assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains("put on bus.BE-NMT.replay at 127.0.0.1:" + broker.port() + ": " + received.size()), run.out());

            List<String> replayed = new ArrayList<>();
            try (jakarta.jms.Connection c = factory(broker, pki, RECEIVER).createConnection()) {
                c.start();
                jakarta.jms.Session s = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.MessageConsumer consumer = s.createConsumer(s.createQueue("bus.BE-NMT.replay"));
                for (jakarta.jms.Message m; (m = consumer.receive(2_000)) != null; ) {
                    byte[] body = m.getBody(byte[].class);
                    assertEquals("true", m.getStringProperty("busReplay"));
                    assertEquals(m.getStringProperty("busReplayDigest"), eu.bus.audit.Sha256.hex(body), "the protected bytes as archived");
                    replayed.add(m.getStringProperty("busReplayOf"));
                }
                assertTrue(s.createBrowser(s.createQueue("bus.BE-NMT.inbox")).getEnumeration().hasMoreElements() == false,
                        "nothing reaches the gateway's inbox");
            }
            assertEquals(received, replayed, "every message, in the log's order");
            try (jakarta.jms.Connection other = factory(broker, pki, SENDER).createConnection()) {
                jakarta.jms.Session s = other.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                org.junit.jupiter.api.Assertions.assertThrows(jakarta.jms.JMSSecurityException.class,
                        () -> s.createConsumer(s.createQueue("bus.BE-NMT.replay")));
            }
        }
    }

    private static org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory factory(eu.bus.broker.EmbeddedBroker broker,
                                                                                          Path pki, String node) {
        return broker.connectionFactory(eu.bus.keys.ProtectedKeyStore.ofNode(pki, node, eu.bus.keys.KeyPurpose.SIGNING));
    }

    @Test
    void shouldReplayNothingFromALogThatDoesNotVerify() throws Exception {
        Path work = copy();
        Path segment;
        try (Stream<Path> segments = Files.list(work.resolve("nodes/" + RECEIVER + "/audit/segments"))) {
            segment = segments.sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(segment, bytes);

        CliRun run = replay(work, "--to-dir", work.resolve("reprocess").toString());

        assertEquals(ExitCodes.VERIFICATION_FAILED, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("nothing replayed"), run.err());
        assertFalse(Files.exists(work.resolve("reprocess")));
    }

    @Test
    void shouldShowExamplesInItsHelp() {
        CliRun run = CliRun.bus("audit", "replay", "--help");
        assertEquals(ExitCodes.OK, run.exitCode());
        assertTrue(run.out().contains("Examples:") && run.out().contains("--schemas") && run.out().contains("--to-dir"), run.out());
    }

    @Test
    void shouldLetTheAuditorReadWithItsOwnKeysOnlyWhatWasGrantedAndFindEachGrantInTheNodesLog() throws Exception {
        Path work = copy();
        Path grant = work.resolve("grant");
        Path beLog = work.resolve("nodes/" + RECEIVER + "/audit");

        CliRun granted = CliRun.bus("audit", "grant", "--logs", beLog.toString(), "--pki", work.resolve("pki").toString(),
                "--ca", work.resolve("pki/ca.pem").toString(), "--auditor", "AUDITOR", "--case", CASE, "--purpose", "audit 2026/17",
                "--user", "dpo-be", "--out", grant.toString());

        assertEquals(ExitCodes.OK, granted.exitCode(), granted.out() + granted.err());
        assertTrue(granted.out().contains("granted " + (received.size() - 1) + " message(s)"), granted.out());
        Path auditorPki = auditorsOwnPki(work);
        CliRun opened = CliRun.bus("audit", "open-grant", grant.toString(), "--pki", auditorPki.toString(), "--as", "AUDITOR",
                "--node-log", beLog.toString(), "--to-dir", work.resolve("granted").toString());
        assertEquals(ExitCodes.OK, opened.exitCode(), opened.out() + opened.err());
        assertTrue(opened.out().contains("OK: " + (received.size() - 1) + " message(s) granted by BE-NMT to AUDITOR"), opened.out());
        assertTrue(opened.out().lines().filter(l -> l.contains("OK, signed by " + SENDER)).count() == received.size() - 1, opened.out());
        List<String> written;
        try (Stream<Path> files = Files.list(work.resolve("granted"))) {
            written = files.map(f -> f.getFileName().toString()).toList();
        }
        assertEquals(received.size() - 1, written.size());
        assertFalse(written.stream().anyMatch(f -> f.contains(otherCase)), "only the case granted");

        List<AuditRecord> grants = new ArrayList<>();
        AuditTrail.read(new LogLayout(beLog), r -> {
            if (r.event() == AuditEvent.GRANTED) {
                grants.add(r);
            }
        });
        assertEquals(received.size() - 1, grants.size());
        assertTrue(grants.stream().allMatch(r -> "dpo-be".equals(r.user()) && "audit 2026/17".equals(r.purpose())
                && r.reason().startsWith("sealed for AUDITOR")), grants.toString());
        CliRun verify = CliRun.bus("audit", "verify", beLog.toString(), "--ca", work.resolve("pki/ca.pem").toString());
        assertEquals(ExitCodes.OK, verify.exitCode(), verify.err());

        // What was not granted stays closed to the auditor: its keys open no archived original.
        eu.bus.envelope.MessageOpener auditor = new eu.bus.envelope.MessageOpener(eu.bus.keys.NodeCredentials.load(auditorPki, "AUDITOR"),
                eu.bus.keys.NodeTrust.load(auditorPki), Clock.systemUTC());
        Path original = archivedBody(work, otherCase);
        eu.bus.message.MessageHeader header = eu.bus.archive.MessageArchive.at(work.resolve("nodes/" + RECEIVER + "/archive"))
                .find(eu.bus.audit.Sha256.hex(Files.readAllBytes(original))).orElseThrow().header();
        org.junit.jupiter.api.Assertions.assertThrows(eu.bus.envelope.NotARecipientException.class,
                () -> auditor.openGranted(header, Files.readAllBytes(original)));
    }

    @Test
    void shouldRefuseAGrantChangedSinceItWasSignedOneNotAuditedAndOneForSomeoneElse() throws Exception {
        Path work = copy();
        Path grant = work.resolve("grant");
        Path beLog = work.resolve("nodes/" + RECEIVER + "/audit");
        Path unaudited = work.resolve("log-before-the-grant");
        copyTree(beLog, unaudited);
        assertEquals(ExitCodes.OK, CliRun.bus("audit", "grant", "--logs", beLog.toString(), "--pki", work.resolve("pki").toString(),
                "--ca", work.resolve("pki/ca.pem").toString(), "--auditor", "AUDITOR", "--purpose", "audit", "--out", grant.toString()).exitCode());
        Path auditorPki = auditorsOwnPki(work);

        CliRun notAudited = CliRun.bus("audit", "open-grant", grant.toString(), "--pki", auditorPki.toString(), "--as", "AUDITOR",
                "--node-log", unaudited.toString());
        assertEquals(ExitCodes.VERIFICATION_FAILED, notAudited.exitCode());
        assertTrue(notAudited.out().contains("does not record this grant: it was not audited"), notAudited.out());

        CliRun someoneElse = CliRun.bus("audit", "open-grant", grant.toString(), "--pki", work.resolve("pki").toString(), "--as", RECEIVER);
        assertEquals(ExitCodes.VERIFICATION_FAILED, someoneElse.exitCode());
        assertTrue(someoneElse.err().contains("this grant is for AUDITOR, not for " + RECEIVER), someoneElse.err());

        Path sealed;
        try (Stream<Path> files = Files.list(grant)) {
            sealed = files.filter(f -> f.toString().endsWith(".p7m")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(sealed);
        bytes[bytes.length - 20] ^= 0x01;
        Files.write(sealed, bytes);
        CliRun altered = CliRun.bus("audit", "open-grant", grant.toString(), "--pki", auditorPki.toString(), "--as", "AUDITOR");
        assertEquals(ExitCodes.VERIFICATION_FAILED, altered.exitCode());
        assertEquals(1, altered.out().lines().filter(l -> l.contains("REFUSED: it does not open and verify")).count(), altered.out());

        Path manifest = grant.resolve("grant.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"audit\"", "\"anything\""));
        CliRun changed = CliRun.bus("audit", "open-grant", grant.toString(), "--pki", auditorPki.toString(), "--as", "AUDITOR");
        assertEquals(ExitCodes.VERIFICATION_FAILED, changed.exitCode());
        assertTrue(changed.err().contains("changed after BE-NMT signed it"), changed.err());

        CliRun notAnAuditor = CliRun.bus("audit", "grant", "--logs", beLog.toString(), "--pki", work.resolve("pki").toString(),
                "--ca", work.resolve("pki/ca.pem").toString(), "--auditor", SENDER, "--purpose", "x", "--out", work.resolve("g2").toString());
        assertEquals(ExitCodes.INVALID_INPUT, notAnAuditor.exitCode());
        assertTrue(notAnAuditor.err().contains("is not an auditor"), notAnAuditor.err());
    }

    /** What the auditor holds: the site PKI's public parts and its own key stores only (as an agency's copy). */
    private static Path auditorsOwnPki(Path work) throws IOException {
        Path pki = work.resolve("auditor/pki");
        Path secret = work.resolve("auditor/secret");
        eu.bus.sites.AgencyPki.extract(work.resolve("pki"), "AUDITOR", pki, secret);
        Files.move(secret, pki.resolve("nodes/AUDITOR/keystore.password"));
        assertFalse(Files.exists(pki.resolve("nodes/" + RECEIVER + "/encryption.p12")), "the auditor holds no key of " + RECEIVER);
        return pki;
    }

    /** The archived body of the copy BE-NMT received of {@code messageId}, by the digest its RECEIVED record holds. */
    private static Path archivedBody(Path work, String messageId) {
        String[] digest = new String[1];
        AuditTrail.read(new LogLayout(work.resolve("nodes/" + RECEIVER + "/audit")), r -> {
            if (r.event() == AuditEvent.RECEIVED && messageId.equals(String.valueOf(r.messageId())) && r.digest() != null) {
                digest[0] = r.digest();
            }
        });
        return eu.bus.archive.MessageArchive.at(work.resolve("nodes/" + RECEIVER + "/archive")).find(digest[0]).orElseThrow().body();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
