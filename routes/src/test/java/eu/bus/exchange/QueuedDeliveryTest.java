package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.keys.DevPki;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time window is judged against when a message reached the broker, not when the recipient gets
 * to it: a message kept by the broker while its recipient was down is still delivered, and a message
 * whose createdAt is far from its broker timestamp (a replay) is not. One clock for broker and nodes,
 * moved forward by the test.
 */
class QueuedDeliveryTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU");

    @TempDir
    static Path dir;
    static BusNetwork bus;
    static final AdjustableClock CLOCK = new AdjustableClock();
    static final List<AuditRecord> AUDIT = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
        bus = BusNetwork.start(layout, NODES, CLOCK, audit -> audit.onRecord(AUDIT::add));
    }

    @AfterAll
    static void stop() throws Exception {
        bus.close();
    }

    /** A fresh intelligence report from NL-NMT to NL-ENU, created at the test clock's now. */
    static ObjectNode report() {
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        ((ObjectNode) doc.get("header")).put("createdAt", CLOCK.instant().toString());
        return doc;
    }

    @Test
    void shouldDeliverWhenTheRecipientWasDownForAnHourAfterTheMessageReachedTheBroker() throws Exception {
        bus.camel().getRouteController().stopRoute("inbox-NL-ENU");
        String id = bus.node("NL-NMT").submit(TestMessages.bytes(report()));
        CLOCK.advance(Duration.ofHours(1)); // NL-ENU comes back an hour later
        bus.camel().getRouteController().startRoute("inbox-NL-ENU");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(bus.layout().delivered("NL-ENU").resolve(id + ".json")));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                bus.node("NL-NMT").services().status().current(UUID.fromString(id)).orElse(null) == MessageStatus.RECEIPTED);
    }

    @Test
    void shouldDeadLetterWhenCreatedAtIsFarFromWhenTheMessageReachedTheBroker() throws Exception {
        ObjectNode doc = report();
        MessageHeader header = HeaderCodec.fromJson(doc.get("header"));
        byte[] body = bus.node("NL-NMT").services().protector().protect(header, Json.mapper().writeValueAsBytes(doc.get("payload")));
        CLOCK.advance(Duration.ofHours(1)); // a captured message sent again an hour later
        QueueInjection.inject(bus, "NL-NMT", "NL-ENU", new String(HeaderCodec.canonicalBytes(header), StandardCharsets.UTF_8),
                body, null);

        // Refused before it is authenticated: recorded as unverified, under no message's identity.
        await().atMost(Duration.ofSeconds(30)).until(() -> AUDIT.stream().anyMatch(r -> r.event() == AuditEvent.DEAD_LETTERED
                && r.messageId() == null && r.reason() != null && r.reason().startsWith("unverified message")
                && r.reason().contains(header.messageId() + "): unverifiable:") && r.reason().contains("around when it reached the broker")));
        assertFalse(Files.exists(bus.layout().delivered("NL-ENU").resolve(header.messageId() + ".json")));
        assertTrue(AUDIT.stream().noneMatch(r -> r.event() == AuditEvent.DELIVERED && header.messageId().equals(r.messageId())));
    }
}
