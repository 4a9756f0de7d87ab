package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.keys.DevPki;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key revoked (compromised) while a message is on its way breaks the message's receipt, rightly: a copy signed
 * with the revoked key is refused, and so is a receipt signed with one. Once the node has new keys, the sender
 * protects every unreceipted copy that involved the replaced key again and resends it; the recipient delivers it
 * if it had not, or answers with a receipt without delivering it twice. Real broker, TLS, CMS, CRL, key stores.
 */
class RevokedKeysResendTest {

    static final String SENDER = "NL-NMT";
    static final String RECIPIENT = "BE-NMT";
    static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    java.nio.file.Path dir;
    BusNetwork bus;
    final DevPki pki = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
    final List<AuditRecord> audit = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), List.of(SENDER, RECIPIENT));
        bus = BusNetwork.start(layout, List.of(SENDER, RECIPIENT), Clock.systemUTC(), a -> a.onRecord(audit::add));
    }

    @AfterEach
    void stop() throws Exception {
        bus.close();
    }

    @Test
    void shouldReceiptOnceTheRecipientHasNewKeysWhenItsReceiptWasSignedWithTheRevokedKey() throws Exception {
        bus.camel().getRouteController().stopRoute("receipts-" + SENDER);
        UUID id = submit();
        await().atMost(WAIT).until(() -> recorded(RECIPIENT, AuditEvent.SENT, "receipt for " + id));

        pki.revoke(bus.layout().pki(), RECIPIENT);
        bus.camel().getRouteController().startRoute("receipts-" + SENDER);
        await().atMost(WAIT).until(() -> recorded(SENDER, AuditEvent.DEAD_LETTERED, "revoked"));
        assertEquals(MessageStatus.SENT, stateAtSender(id), "a receipt signed with a revoked key settles nothing");

        pki.rotate(bus.layout().pki(), RECIPIENT);
        await().atMost(WAIT).until(() -> stateAtSender(id) == MessageStatus.RECEIPTED);
        assertTrue(recorded(SENDER, AuditEvent.RESUBMITTED, "keys replaced since"), "the resend is audited");
        assertEquals(1, deliveries(id, false), "delivered once");
        assertEquals(1, deliveries(id, true), "the resent copy is recognised, answered with a receipt, not delivered again");
    }

    @Test
    void shouldDeliverOnceTheSenderHasNewKeysWhenTheCopyWasSignedWithTheRevokedKey() throws Exception {
        bus.camel().getRouteController().stopRoute("inbox-" + RECIPIENT);
        UUID id = submit();
        await().atMost(WAIT).until(() -> stateAtSender(id) == MessageStatus.SENT);

        pki.revoke(bus.layout().pki(), SENDER);
        bus.camel().getRouteController().startRoute("inbox-" + RECIPIENT);
        // Refused, and the refusal cannot be encrypted to a revoked sender: it never learns of it.
        await().atMost(WAIT).until(() -> audit.stream().anyMatch(r -> r.event() == AuditEvent.DEAD_LETTERED
                && RECIPIENT.equals(r.node()) && (id.equals(r.messageId()) || r.reason().contains(id.toString()))));
        assertEquals(MessageStatus.SENT, stateAtSender(id));

        pki.rotate(bus.layout().pki(), SENDER);
        await().atMost(WAIT).until(() -> stateAtSender(id) == MessageStatus.RECEIPTED);
        assertTrue(Files.exists(bus.layout().delivered(RECIPIENT).resolve(id + ".json")));
        assertEquals(1, deliveries(id, false));
    }

    @Test
    void shouldDeliverOnceAndReceiptWhenTheFirstCopyAndItsResendArriveInOneBatch() throws Exception {
        bus.camel().getRouteController().stopRoute("inbox-" + RECIPIENT);
        UUID id = submit();
        await().atMost(WAIT).until(() -> stateAtSender(id) == MessageStatus.SENT);
        pki.rotate(bus.layout().pki(), RECIPIENT); // the sender protects a second copy for the recipient's new key
        await().atMost(WAIT).until(() -> recorded(SENDER, AuditEvent.RESUBMITTED, "keys replaced since")
                && stateAtSender(id) == MessageStatus.SENT);

        bus.camel().getRouteController().startRoute("inbox-" + RECIPIENT); // one consumer takes both in one transaction

        await().atMost(WAIT).until(() -> stateAtSender(id) == MessageStatus.RECEIPTED);
        assertEquals(1, deliveries(id, false), "delivered once");
        assertEquals(1, deliveries(id, true), "the second copy recognised and receipted, in the same batch");
        assertTrue(audit.stream().noneMatch(r -> r.event() == AuditEvent.DEAD_LETTERED && RECIPIENT.equals(r.node())),
                "nothing dead-lettered: the batch was not rolled back until the broker gave up on it");
    }

    private UUID submit() {
        return UUID.fromString(bus.node(SENDER).submit(TestMessages.freshBytes("intelligence-report-1.json", SENDER, List.of(RECIPIENT))));
    }

    private MessageStatus stateAtSender(UUID id) {
        return StatusStore.recipientsOf(bus.node(SENDER).services().status().history(id)).get(RECIPIENT);
    }

    private boolean recorded(String node, AuditEvent event, String reasonPart) {
        return audit.stream().anyMatch(r -> r.event() == event && node.equals(r.node()) && r.reason() != null
                && r.reason().contains(reasonPart));
    }

    /** The recipient's DELIVERED records of the message: handed to its case system, or recognised as delivered before. */
    private long deliveries(UUID id, boolean recognised) {
        return audit.stream().filter(r -> r.event() == AuditEvent.DELIVERED && RECIPIENT.equals(r.node())
                && id.equals(r.messageId()) && r.reason().contains(NodeGateway.ALREADY_DELIVERED) == recognised).count();
    }
}
