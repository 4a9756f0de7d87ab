package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.DevPki;
import eu.bus.message.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    @BeforeAll
    static void start() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
        bus = BusNetwork.start(layout, NODES, Clock.systemUTC(), audit -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        bus.close();
    }

    static byte[] message(String example, String sender, List<String> recipients) throws Exception {
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(Path.of("../schemas/examples/valid", example).toFile());
        ObjectNode header = (ObjectNode) doc.get("header");
        header.put("messageId", UUID.randomUUID().toString());
        header.put("createdAt", Instant.now().toString());
        header.put("sender", sender);
        header.set("recipients", Json.mapper().valueToTree(recipients));
        return Json.mapper().writeValueAsBytes(doc);
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
    void shouldDeliverAndReceiptWhenATeamSendsIntelligenceToItsUnit() throws Exception {
        String id = bus.node("NL-NMT").submit(message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        Path delivered = bus.layout().delivered("NL-ENU").resolve(id + ".json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));
        assertTrue(Files.readString(delivered).contains("\"signedBy\" : \"NL-NMT\""));
        StatusStore status = bus.node("NL-NMT").services().status();
        await().atMost(Duration.ofSeconds(20)).until(() -> status.current(UUID.fromString(id)).orElse(null) == MessageStatus.RECEIPTED);
        assertEquals(MessageStatus.RECEIPTED, status.current(UUID.fromString(id)).orElseThrow());
    }
}
