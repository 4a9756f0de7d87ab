package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.keys.DevPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipient that dead-letters a message tells its sender with a signed negative receipt: the sender's status
 * for that recipient becomes DEAD_LETTERED with the rule, and an operator can resubmit it (protected again with
 * the current keys) once the cause is fixed. Real embedded broker, TLS, CMS, audit logs.
 */
class RefusalReceiptTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-ENU", "EUROPOL");
    static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    static Path dir;
    static BusNetwork bus;
    static final List<AuditRecord> AUDIT = new CopyOnWriteArrayList<>();

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

    /** BE-ENU's case system cannot take anything: its delivery directory is a file. Returns how to undo it. */
    static AutoCloseable blockDeliveryAt(String node) throws Exception {
        Path delivered = bus.layout().delivered(node);
        Path aside = delivered.resolveSibling("delivered.aside");
        if (Files.exists(delivered)) {
            Files.move(delivered, aside);
        }
        Files.writeString(delivered, "not a directory");
        return () -> {
            Files.delete(delivered);
            if (Files.exists(aside)) {
                Files.move(aside, delivered);
            }
        };
    }

    static MessageStatus stateAt(String sender, UUID id, String recipient) {
        return StatusStore.recipientsOf(bus.node(sender).services().status().history(id)).get(recipient);
    }

    @Test
    void shouldShowDeadLetteredAtTheSenderAndDeliverAfterResubmitWhenTheRecipientCouldNotDeliver() throws Exception {
        UUID id;
        try (AutoCloseable blocked = blockDeliveryAt("BE-ENU")) {
            id = UUID.fromString(bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU",
                    List.of("BE-ENU"))));
            await().atMost(WAIT).until(() -> stateAt("NL-ENU", id, "BE-ENU") == MessageStatus.DEAD_LETTERED);
        }
        StatusStore.Change refusal = bus.node("NL-ENU").services().status().history(id).stream()
                .filter(c -> c.status() == MessageStatus.DEAD_LETTERED).findFirst().orElseThrow();
        assertTrue(refusal.detail().startsWith("dead-lettered by BE-ENU: undeliverable: BE-ENU could not deliver it"), refusal.detail());
        assertFalse(refusal.detail().contains("delivered"), "the recipient's own paths stay with its operator: " + refusal.detail());
        assertEquals(MessageStatus.DEAD_LETTERED, bus.node("NL-ENU").services().status().current(id).orElseThrow());

        List<String> resent = bus.node("NL-ENU").resubmit(id, "BE-ENU's case system is repaired (ticket 42)");
        assertEquals(List.of("BE-ENU"), resent);
        await().atMost(WAIT).until(() -> stateAt("NL-ENU", id, "BE-ENU") == MessageStatus.RECEIPTED);
        assertTrue(Files.exists(bus.layout().delivered("BE-ENU").resolve(id + ".json")));
        assertTrue(AUDIT.stream().anyMatch(r -> r.event() == AuditEvent.RESUBMITTED && id.equals(r.messageId())
                && r.reason().contains("ticket 42")), "the resubmission is audited with its reason");
        await().atMost(WAIT).until(() -> bus.node("NL-ENU").services().outbox().get(id).isEmpty());
    }

    @Test
    void shouldKeepReceiptedRecipientsAndResendOnlyToTheOneThatRefused() throws Exception {
        UUID id;
        try (AutoCloseable blocked = blockDeliveryAt("EUROPOL")) {
            id = UUID.fromString(bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU",
                    List.of("BE-ENU", "EUROPOL"))));
            await().atMost(WAIT).until(() -> stateAt("NL-ENU", id, "EUROPOL") == MessageStatus.DEAD_LETTERED);
            await().atMost(WAIT).until(() -> stateAt("NL-ENU", id, "BE-ENU") == MessageStatus.RECEIPTED);
        }
        assertEquals(List.of("EUROPOL"), bus.node("NL-ENU").resubmit(id, "retry"));
        await().atMost(WAIT).until(() -> stateAt("NL-ENU", id, "EUROPOL") == MessageStatus.RECEIPTED);
        assertEquals(MessageStatus.RECEIPTED, bus.node("NL-ENU").services().status().current(id).orElseThrow());
        long deliveredToBeEnu = AUDIT.stream().filter(r -> r.event() == AuditEvent.DELIVERED && id.equals(r.messageId())
                && "BE-ENU".equals(r.node())).count();
        assertEquals(1, deliveredToBeEnu, "the recipient that had it is not sent it again");
    }

    /** NL-NMT's certificate put a message on the bus that its gateway never sent: its operator is told, loudly. */
    @Test
    void shouldDeadLetterARefusalOfAMessageTheGatewayNeverSentNamingTheKeys() throws Exception {
        var doc = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        UUID id = HostileNode.header(doc).messageId();
        try (HostileNode nmt = new HostileNode(bus, "NL-NMT")) {
            byte[] body = nmt.protect(doc);
            body[body.length / 2] ^= 0x01; // refused as unverifiable: a refusal NL-NMT's gateway cannot match
            nmt.send("NL-ENU", session -> nmt.busMessage(session, HostileNode.headerJson(HostileNode.header(doc)), id.toString(), body));
        }
        await().atMost(WAIT).until(() -> AUDIT.stream().anyMatch(r -> r.event() == AuditEvent.DEAD_LETTERED
                && "NL-NMT".equals(r.node()) && r.reason().contains("never sent by its gateway")
                && r.reason().contains("bus keys rotate NL-NMT")));
        assertTrue(bus.node("NL-NMT").services().status().history(id).isEmpty(), "no status for a message it never sent");
    }

    @Test
    void shouldRefuseToResubmitAMessageNoRecipientRefused() {
        String id = bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU", List.of("BE-ENU")));
        await().atMost(WAIT).until(() -> stateAt("NL-ENU", UUID.fromString(id), "BE-ENU") == MessageStatus.RECEIPTED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bus.node("NL-ENU").resubmit(UUID.fromString(id), "why not"));
        assertTrue(e.getMessage().contains("no longer kept") || e.getMessage().contains("no recipient refused"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> bus.node("NL-ENU").resubmit(UUID.randomUUID(), "why not"));
        assertTrue(unknown.getMessage().contains("bus messages list --as NL-ENU"), unknown.getMessage());
    }
}
