package eu.bus.rest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.audit.Sha256;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.StatusStore;
import eu.bus.exchange.TestMessages;
import eu.bus.exchange.UnverifiableMessage;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.operator.DeadLetterQueue;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator endpoints over real HTTPS (client certificates of a dev PKI) in front of a real embedded broker
 * and node gateways: dead letters read from the broker, messages from the status stores and audit logs, a
 * received message decrypted from the archive. One network for the class.
 */
class OperatorApiTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-ENU", "EUROPOL");
    /** Enrolled in the PKI, not running: what is sent to it waits on the broker. */
    static final String NOT_RUNNING = "BE-NMT";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static BusNetwork bus;
    static BusApiServer api;
    static final List<AuditRecord> AUDIT = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        BusLayout layout = new BusLayout(dir.resolve("bus"));
        DevPki.init(layout.pki(), java.util.stream.Stream.concat(NODES.stream(), java.util.stream.Stream.of(NOT_RUNNING)).toList());
        bus = BusNetwork.start(layout, NODES, Clock.systemUTC(), audit -> audit.onRecord(AUDIT::add));
        api = BusApiServer.start(bus, BusApiServer.Settings.defaults(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    static BusApiClient as(String node) {
        return BusApiClient.forNode(bus.layout().pki(), node, api.baseUri());
    }

    static List<AuditRecord> audited(String node, AuditEvent event) {
        synchronized (AUDIT) {
            return AUDIT.stream().filter(r -> r.node().equals(node) && r.event() == event).toList();
        }
    }

    /** A delivered message: NL-NMT to NL-ENU, receipted. */
    static String delivered() throws Exception {
        BusApiClient nl = as("NL-NMT");
        BusApiClient.Response r = nl.submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        assertEquals(202, r.status(), r.body());
        String id = r.json().path("messageId").asText();
        await().atMost(WAIT).until(() -> nl.status(id).json().path("status").asText().equals("RECEIPTED"));
        return id;
    }

    static JsonNode receivedDeadLetter(BusApiClient client, String messageId) throws Exception {
        for (JsonNode d : client.deadLetters().json().path("received")) {
            if (messageId.equals(d.path("messageId").asText())) {
                return d;
            }
        }
        return null;
    }

    @Test
    void shouldListShowAndDiscardADeadLetterWithTheReasonAndAnAuditRecord() throws Exception {
        UnverifiableMessage garbage = UnverifiableMessage.send(bus, "BE-ENU", "NL-ENU");
        String messageId = garbage.messageId();
        byte[] body = garbage.body();
        BusApiClient nlEnu = as("NL-ENU");
        await().atMost(WAIT).until(() -> receivedDeadLetter(nlEnu, messageId) != null);

        JsonNode listed = receivedDeadLetter(nlEnu, messageId);
        assertEquals("unverifiable", listed.path("code").asText(), listed.toString());
        assertEquals("BE-ENU", listed.path("sentBy").asText());
        String id = listed.path("id").asText();

        BusApiClient.Response show = nlEnu.deadLetter(id);
        assertEquals(200, show.status(), show.body());
        JsonNode shown = show.json();
        assertTrue(shown.path("reason").asText().length() > 10, shown.toString());
        assertEquals(Sha256.hex(body), shown.path("digest").asText(), "the digest of exactly the refused bytes");
        assertEquals(body.length, shown.path("size").asInt());
        assertEquals(messageId, shown.path("claimedHeader").path("messageId").asText());
        assertFalse(show.body().contains("not a CMS envelope"), "the body itself is never shown");
        assertEquals(id, nlEnu.deadLetter(messageId).json().path("id").asText(), "found by the message id it claims too");

        BusApiClient.Response resubmit = nlEnu.resubmit(id, "try again", "alice");
        assertEquals(409, resubmit.status(), resubmit.body());
        assertTrue(resubmit.json().path("error").asText().contains("only its sender can protect it again"), resubmit.body());

        BusApiClient.Response noReason = nlEnu.discard(id, null, "alice");
        assertEquals(400, noReason.status(), noReason.body());
        assertTrue(noReason.json().path("error").asText().contains("a reason is required"), noReason.body());
        assertNotNull(receivedDeadLetter(nlEnu, messageId), "nothing removed without a reason");

        BusApiClient.Response discard = nlEnu.discard(id, "garbage from a test client, reported to BE", "alice");
        assertEquals(200, discard.status(), discard.body());
        assertEquals(null, receivedDeadLetter(nlEnu, messageId), "gone from the queue");
        AuditRecord record = audited("NL-ENU", AuditEvent.DISCARDED).stream()
                .filter(r -> r.reason().contains(id)).findFirst().orElseThrow();
        assertTrue(record.user().contains("alice") && record.user().contains("NL-ENU"), record.user());
        assertTrue(record.reason().contains("garbage from a test client, reported to BE"), record.reason());
        assertEquals(Sha256.hex(body), record.digest());
        assertEquals(null, record.messageId(), "an unverified message's claimed id is never recorded as its identity");

        BusApiClient.Response again = nlEnu.discard(id, "twice", "alice");
        assertEquals(404, again.status(), again.body());
        assertTrue(again.json().path("error").asText().contains("bus dlq list --as NL-ENU"), again.body());
    }

    @Test
    void shouldNotLetANodeReadOrDiscardAnotherNodesDeadLettersOrMessages() throws Exception {
        String messageId = UnverifiableMessage.send(bus, "BE-ENU", "NL-ENU").messageId();
        await().atMost(WAIT).until(() -> receivedDeadLetter(as("NL-ENU"), messageId) != null);
        String id = receivedDeadLetter(as("NL-ENU"), messageId).path("id").asText();

        BusApiClient other = as("NL-NMT");
        assertEquals(null, receivedDeadLetter(other, messageId), "NL-NMT lists its own dead letters only");
        assertEquals(404, other.deadLetter(id).status());
        assertEquals(404, other.discard(id, "not mine", "mallory").status());
        assertNotNull(receivedDeadLetter(as("NL-ENU"), messageId), "still there for its owner");

        String sent = delivered();
        BusApiClient.Response notReceived = as("EUROPOL").content(sent, "curiosity", "mallory");
        assertEquals(404, notReceived.status(), notReceived.body());
        assertTrue(as("EUROPOL").messages(null, null, null).json().path("messages").findValuesAsText("messageId").stream()
                .noneMatch(sent::equals), "another node's traffic is not listed");

        // Below the API, the broker itself: NL-NMT's certificate cannot browse or take from NL-ENU's queue.
        try (var nlNmt = bus.broker().connectionFactory(ProtectedKeyStore.ofNode(bus.layout().pki(), "NL-NMT", KeyPurpose.SIGNING))) {
            DeadLetterQueue foreign = new DeadLetterQueue(nlNmt, "NL-ENU");
            for (Exception refused : List.of(assertThrows(IllegalStateException.class, foreign::browse),
                    assertThrows(IllegalStateException.class, () -> foreign.take(id, taken -> { })))) {
                assertTrue(refused.getMessage().contains("the broker refuses to let these credentials read bus.NL-ENU.dlq"),
                        refused.getMessage());
            }
        }
        assertNotNull(receivedDeadLetter(as("NL-ENU"), messageId), "still there for its owner");

        BusApiClient anonymous = new BusApiClient(api.baseUri(), BusApiClient.tls(null, new PkiLayout(bus.layout().pki()).caCertificate()));
        assertEquals(401, anonymous.deadLetters().status());
        assertEquals(401, anonymous.messages(null, null, null).status());
    }

    @Test
    void shouldListMessagesOfBothDirectionsAndApplyEachFilter() throws Exception {
        String id = delivered();
        JsonNode sent = entry(as("NL-NMT").messages(null, null, null), id);
        assertEquals("sent", sent.path("direction").asText());
        assertEquals("RECEIPTED", sent.path("status").asText());
        assertEquals("RECEIPTED", sent.path("recipients").path("NL-ENU").asText());
        assertEquals("intelligence-report", sent.path("messageType").asText());
        assertEquals("CASE-2026-000123", sent.path("caseId").asText());

        await().atMost(WAIT).until(() -> entry(as("NL-ENU").messages(null, null, null), id) != null);
        JsonNode received = entry(as("NL-ENU").messages(null, null, null), id);
        assertEquals("received", received.path("direction").asText());
        assertEquals("DELIVERED", received.path("status").asText());
        assertEquals("NL-NMT", received.path("sender").asText());

        BusApiClient nl = as("NL-NMT");
        assertNotNull(entry(nl.messages("receipted", null, null), id), "statuses match in any case");
        assertEquals(null, entry(nl.messages("DEAD_LETTERED", null, null), id));
        assertNotNull(entry(nl.messages(null, "CASE-2026-000123", null), id));
        assertEquals(null, entry(nl.messages(null, "CASE-2099-000001", null), id));
        assertNotNull(entry(nl.messages(null, null, "1h"), id));
        assertNotNull(entry(nl.messages(null, null, Instant.now().minusSeconds(600).toString()), id));
        assertEquals(null, entry(nl.messages(null, null, Instant.now().plusSeconds(600).toString()), id));

        for (String[] bad : new String[][] {{"LOST", null, null}, {null, "case 1", null}, {null, null, "yesterday"}}) {
            BusApiClient.Response r = nl.messages(bad[0], bad[1], bad[2]);
            assertEquals(400, r.status(), r.body());
            assertEquals("bad-filter", r.json().path("rule").asText(), r.body());
        }
    }

    @Test
    void shouldDecryptAReceivedMessageOnlyWithAPurposeAndAuditTheConsultation() throws Exception {
        String id = delivered();
        BusApiClient nlEnu = as("NL-ENU");
        int before = audited("NL-ENU", AuditEvent.CONSULTED).size();

        BusApiClient.Response noPurpose = nlEnu.content(id, null, "bob");
        assertEquals(400, noPurpose.status(), noPurpose.body());
        assertTrue(noPurpose.json().path("error").asText().contains("a purpose is required"), noPurpose.body());
        assertEquals(before, audited("NL-ENU", AuditEvent.CONSULTED).size(), "nothing read, nothing recorded");

        String purpose = "case CASE-2026-000123: analyst review of the recruiter's route";
        BusApiClient.Response read = nlEnu.content(id, purpose, "bob");
        assertEquals(200, read.status(), read.body());
        assertTrue(read.json().path("payload").path("title").asText().startsWith("Recruitment of Romanian women"), read.body());
        assertEquals("NL-NMT", read.json().path("signedBy").asText());
        AuditRecord consulted = audited("NL-ENU", AuditEvent.CONSULTED).stream()
                .filter(r -> UUID.fromString(id).equals(r.messageId())).findFirst().orElseThrow();
        assertEquals(purpose, consulted.purpose());
        assertTrue(consulted.user().contains("bob"), consulted.user());
        assertEquals(consulted.sequence(), read.json().path("consultation").path("auditSequence").asLong());

        BusApiClient.Response sender = as("NL-NMT").content(id, purpose, "bob");
        assertEquals(404, sender.status(), "the sender did not receive it: " + sender.body());
        assertTrue(sender.json().path("error").asText().contains("NL-NMT received no message " + id), sender.body());
        assertEquals(404, nlEnu.content(UUID.randomUUID().toString(), purpose, "bob").status());
    }

    @Test
    void shouldListARecipientsRefusalOnTheSendersSideAndNotDiscardIt() throws Exception {
        // To a node that does not run: the message stays SENT (a signed receipt of delivery would settle it for good).
        BusApiClient.Response submitted = as("NL-NMT").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT",
                List.of(NOT_RUNNING)));
        assertEquals(202, submitted.status(), submitted.body());
        String id = submitted.json().path("messageId").asText();
        // What the sender records when the recipient's negative receipt arrives.
        bus.node("NL-NMT").services().status().recordFor(UUID.fromString(id), NOT_RUNNING, MessageStatus.DEAD_LETTERED,
                "refused by " + NOT_RUNNING + ": unverifiable: signed with a revoked key");
        BusApiClient nl = as("NL-NMT");
        JsonNode sent = null;
        for (JsonNode s : nl.deadLetters().json().path("sent")) {
            if (id.equals(s.path("messageId").asText())) {
                sent = s;
            }
        }
        assertNotNull(sent, nl.deadLetters().body());
        assertEquals("DEAD_LETTERED", sent.path("refusals").path(NOT_RUNNING).path("status").asText());
        assertTrue(sent.path("refusals").path(NOT_RUNNING).path("detail").asText().contains("revoked key"));
        assertEquals("sent", nl.deadLetter(id).json().path("kind").asText());
        assertNotNull(entry(nl.messages("DEAD_LETTERED", null, null), id));

        BusApiClient.Response discard = nl.discard(id, "clean up", "alice");
        assertEquals(409, discard.status(), discard.body());
        assertTrue(discard.json().path("error").asText().contains("bus dlq resubmit " + id), discard.body());
        assertEquals(404, as("NL-ENU").deadLetter(id).status(), "the recipient holds no such dead letter");
    }

    @Test
    void shouldResubmitARefusedSentMessageAndAuditIt() throws Exception {
        // To a node that does not run: the message stays SENT, so its outbox entry (the document) is kept.
        BusApiClient.Response sent = as("NL-NMT").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT",
                List.of(NOT_RUNNING)));
        assertEquals(202, sent.status(), sent.body());
        String id = sent.json().path("messageId").asText();
        bus.node("NL-NMT").services().status().recordFor(UUID.fromString(id), NOT_RUNNING, MessageStatus.DEAD_LETTERED,
                "refused by " + NOT_RUNNING + ": unverifiable: signed with a revoked key");
        BusApiClient.Response r = as("NL-NMT").resubmit(id, "keys rotated after the revocation", "alice");
        assertEquals(200, r.status(), r.body());
        assertEquals(NOT_RUNNING, r.json().path("recipients").get(0).asText(), r.body());
        assertTrue(audited("NL-NMT", AuditEvent.RESUBMITTED).stream()
                .anyMatch(a -> UUID.fromString(id).equals(a.messageId()) && a.reason().contains("keys rotated after the revocation")
                        && a.reason().contains("alice")));
        assertEquals(MessageStatus.SENT, StatusStore.recipientsOf(bus.node("NL-NMT").services().status()
                .history(UUID.fromString(id))).get(NOT_RUNNING), "sent again, no longer a dead letter");
        assertEquals(404, as("NL-NMT").resubmit(UUID.randomUUID().toString(), "unknown", "alice").status());
    }

    static JsonNode entry(BusApiClient.Response list, String messageId) {
        assertEquals(200, list.status(), list.body());
        for (JsonNode m : list.json().path("messages")) {
            if (messageId.equals(m.path("messageId").asText())) {
                return m;
            }
        }
        return null;
    }
}
