package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.broker.BrokerSettings;
import eu.bus.broker.EmbeddedBroker;
import eu.bus.keys.DevPki;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's durable outbox while the broker is away for longer than a blip: a message that waited past the
 * recipients' time window is protected again (dated anew) rather than sent stale, and one whose expiry passes
 * is given up as EXPIRED, audited. The embedded broker is stopped and started again on the same journal and
 * port; the clock is moved forward instead of waiting minutes.
 */
class OutboxTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "EUROPOL");
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    final AdjustableClock clock = new AdjustableClock();
    final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    BrokerSettings settings;
    BusNetwork bus;
    EmbeddedBroker restarted;

    @BeforeEach
    void start() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        settings = BrokerSettings.defaults(layout.broker(), layout.pki()).withPort(port);
        bus = BusNetwork.start(layout, NODES, clock, a -> a.onRecord(audit::add), settings);
    }

    @AfterEach
    void stop() throws Exception {
        bus.close();
        if (restarted != null) {
            restarted.close();
        }
    }

    private byte[] report(Duration expiresIn) {
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        ObjectNode header = (ObjectNode) doc.get("header");
        header.put("createdAt", clock.instant().toString());
        if (expiresIn != null) {
            header.put("expiresAt", clock.instant().plus(expiresIn).toString());
        }
        return TestMessages.bytes(doc);
    }

    private MessageStatus statusOf(UUID id) {
        return bus.node("NL-NMT").services().status().current(id).orElse(null);
    }

    @Test
    void shouldProtectAgainAndDeliverWhenTheMessageWaitedLongerThanTheTimeWindow() throws Exception {
        bus.broker().close();
        NodeGateway.Submitted submitted = bus.node("NL-NMT").submitDocument(report(null));
        assertTrue(submitted.queued());
        UUID id = UUID.fromString(submitted.messageId());
        clock.advance(Duration.ofMinutes(20)); // the broker was away for 20 minutes: the first envelope is stale

        restarted = EmbeddedBroker.start(settings, clock);
        await().atMost(WAIT).until(() -> statusOf(id) == MessageStatus.RECEIPTED);
        assertTrue(Files.exists(bus.layout().delivered("NL-ENU").resolve(id + ".json")));
        assertTrue(audit.stream().anyMatch(r -> r.event() == AuditEvent.PROTECTED && id.equals(r.messageId())
                && r.reason().contains("waited in the outbox longer than the recipients' time window")), "protected again, audited");
        assertTrue(audit.stream().noneMatch(r -> r.event() == AuditEvent.DEAD_LETTERED && id.equals(r.messageId())),
                "the recipient refused nothing: it got the fresh envelope");
        assertTrue(audit.stream().anyMatch(r -> r.event() == AuditEvent.QUEUED && id.equals(r.messageId())), "queued, audited");
    }

    @Test
    void shouldGiveUpAsExpiredWhenTheBrokerStaysAwayPastTheMessagesExpiry() throws Exception {
        bus.broker().close();
        NodeGateway.Submitted submitted = bus.node("NL-NMT").submitDocument(report(Duration.ofMinutes(2)));
        assertTrue(submitted.queued());
        UUID id = UUID.fromString(submitted.messageId());
        clock.advance(Duration.ofMinutes(3));

        await().atMost(WAIT).until(() -> statusOf(id) == MessageStatus.EXPIRED);
        assertEquals(MessageStatus.EXPIRED, StatusStore.recipientsOf(bus.node("NL-NMT").services().status().history(id)).get("NL-ENU"));
        await().atMost(WAIT).until(() -> audit.stream().anyMatch(r -> r.event() == AuditEvent.EXPIRED && id.equals(r.messageId())));

        // Final: the broker's return sends nothing more.
        restarted = EmbeddedBroker.start(settings, clock);
        String later = bus.node("NL-NMT").submit(report(null));
        await().atMost(WAIT).until(() -> statusOf(UUID.fromString(later)) == MessageStatus.RECEIPTED);
        assertEquals(MessageStatus.EXPIRED, statusOf(id));
        assertTrue(Files.notExists(bus.layout().delivered("NL-ENU").resolve(id + ".json")));
    }
}
