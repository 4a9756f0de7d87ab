package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.keys.DevPki;
import eu.bus.message.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end over the real embedded broker (TLS, persistence on) with real keys and audit logs. */
class ExchangeFlowTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST");

    @TempDir
    static Path dir;
    static BusNetwork bus;
    static final List<eu.bus.audit.AuditRecord> AUDIT = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
        bus = BusNetwork.start(layout, NODES, Clock.systemUTC(), audit -> audit.onRecord(AUDIT::add));
    }

    @AfterAll
    static void stop() throws Exception {
        bus.close();
    }

    static byte[] message(String example, String sender, List<String> recipients) {
        return TestMessages.freshBytes(example, sender, recipients);
    }

    @Test
    void shouldDeliverToEveryParticipantWhenAMessageIsPublishedOnTheCaseTopic() throws Exception {
        String caseId = "CASE-2026-000777";
        ObjectNode open = (ObjectNode) Json.mapper().readTree(message("case-open-1.json", "NL-ENU", List.of("BE-ENU", "EUROJUST", "EUROPOL")));
        ((ObjectNode) open.get("header")).put("caseId", caseId);
        bus.node("NL-ENU").submit(Json.mapper().writeValueAsBytes(open));
        ObjectNode request = (ObjectNode) Json.mapper().readTree(message("assistance-request-1.json", "NL-ENU", List.of("BE-ENU", "EUROJUST", "EUROPOL")));
        ((ObjectNode) request.get("header")).put("caseId", caseId);
        String id = bus.node("NL-ENU").submit(Json.mapper().writeValueAsBytes(request));
        for (String node : List.of("BE-ENU", "EUROJUST", "EUROPOL")) {
            Path delivered = bus.layout().delivered(node).resolve(id + ".json");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));
        }
        StatusStore status = bus.node("NL-ENU").services().status();
        await().atMost(Duration.ofSeconds(20)).until(() -> status.history(UUID.fromString(id)).stream()
                .filter(c -> c.status() == MessageStatus.RECEIPTED).count() == 3);
    }

    @Test
    void shouldForwardToEuropolWithTheOriginalSignatureWhenAUnitReceivesIntelligence() throws Exception {
        String id = bus.node("NL-NMT").submit(message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        UUID forwardId = UUID.nameUUIDFromBytes(("forward:NL-ENU:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path atEuropol = bus.layout().delivered("EUROPOL").resolve(forwardId + ".json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(atEuropol));
        var delivered = Json.mapper().readTree(atEuropol.toFile());
        assertEquals("NL-NMT", delivered.get("signedBy").asText());
        assertEquals("NL-ENU", delivered.get("forwardedBy").asText());
        assertEquals(id, delivered.path("header").path("messageId").asText());
        assertEquals("intelligence-report", delivered.path("header").path("messageType").asText());
    }

    @Test
    void shouldNotForwardWhenTheProviderMarkedItH2() throws Exception {
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        ((ObjectNode) doc.get("header")).put("handlingCode", "H2");
        String id = bus.node("NL-NMT").submit(Json.mapper().writeValueAsBytes(doc));
        Path atUnit = bus.layout().delivered("NL-ENU").resolve(id + ".json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(atUnit));
        UUID forwardId = UUID.nameUUIDFromBytes(("forward:NL-ENU:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(20)).until(() -> auditHas("NL-ENU", id, "not forwarded to EUROPOL: handling code H2"));
        assertTrue(!Files.exists(bus.layout().delivered("EUROPOL").resolve(forwardId + ".json")));
    }

    static boolean auditHas(String node, String messageId, String reasonPart) {
        return AUDIT.stream().anyMatch(r -> r.node().equals(node) && r.messageId() != null
                && r.messageId().toString().equals(messageId) && r.reason() != null && r.reason().contains(reasonPart));
    }

    @Test
    void shouldDeliverAndReceiptWhenATeamSendsIntelligenceToItsUnit() throws Exception {
        String id = bus.node("NL-NMT").submit(message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        Path delivered = bus.layout().delivered("NL-ENU").resolve(id + ".json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));
        assertTrue(Files.readString(delivered).contains("\"signedBy\" : \"NL-NMT\""));
        StatusStore status = bus.node("NL-NMT").services().status();
        await().atMost(Duration.ofSeconds(20)).until(() -> status.current(UUID.fromString(id)).orElse(null) == MessageStatus.RECEIPTED);
        assertEquals(MessageStatus.RECEIPTED, status.current(UUID.fromString(id)).orElseThrow());
    }

    /**
     * A report above the broker clients' min-large-message-size (100 KiB), which the client sends in chunks with its own
     * large-message property: the broker must take it like any other, up to the configured limit, and forwarding to
     * Europol (a forwarded message wrapping it) too.
     */
    @Test
    void shouldDeliverReceiptAndForwardAReportLargerThanTheBrokersLargeMessageSize() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "NL-NMT",
                List.of("NL-ENU"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("payload")).put("summary", "Observed at the border. ".repeat(25_000));
        String id = bus.node("NL-NMT").submit(TestMessages.bytes(doc));
        StatusStore status = bus.node("NL-NMT").services().status();
        await().atMost(Duration.ofSeconds(30)).until(() -> status.current(UUID.fromString(id)).orElse(null) == MessageStatus.RECEIPTED);
        assertTrue(Files.size(bus.layout().delivered("NL-ENU").resolve(id + ".json")) > 600_000);
        Path europol = bus.layout().delivered("EUROPOL");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(europol) && sizeOfLargest(europol) > 600_000);
    }

    private static long sizeOfLargest(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).max().orElse(0);
        }
    }

    @Test
    void shouldDeliverOwnerOnlyFilesIntoAnOwnerOnlyDirectory() throws Exception {
        String id = bus.node("BE-NMT").submit(message("intelligence-report-2.json", "BE-NMT", List.of("BE-ENU")));
        Path delivered = bus.layout().delivered("BE-ENU").resolve(id + ".json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(delivered)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(delivered.getParent())));
    }
}
