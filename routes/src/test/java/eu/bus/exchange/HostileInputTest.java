package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.broker.BusAddresses;
import eu.bus.keys.DevPki;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through each way in (submission, drop directory, straight into a queue): each gets a
 * precise error or a dead-letter entry with its reason and an audit record; no node stops.
 */
class HostileInputTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST");
    static final String MARKER = "PLAINTEXT-MARKER-7f3a";

    @TempDir
    static Path dir;
    static BusNetwork bus;
    static final AuditRecords AUDIT = new AuditRecords();

    @BeforeAll
    static void start() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
        bus = BusNetwork.start(layout, NODES, Clock.systemUTC(), AUDIT.hook());
    }

    @AfterAll
    static void stop() throws Exception {
        bus.close();
    }

    static ObjectNode intelligence(String sender, List<String> recipients) {
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", sender, recipients);
        ((ObjectNode) doc.get("payload")).put("modusOperandi", MARKER);
        return doc;
    }

    static boolean audited(String node, AuditEvent event, String reasonPart) {
        return AUDIT.has(node, event, reasonPart);
    }

    /** Sends bytes straight into an inbox as a node would, bypassing its gateway. */
    static void inject(String as, String inbox, String headerJson, byte[] body, String duplicateId) throws Exception {
        QueueInjection.inject(bus, as, inbox, headerJson, body, duplicateId);
    }

    static List<Message> browse(String queueName) throws Exception {
        Queue queue = bus.embeddedBroker().orElseThrow().server().locateQueue(SimpleString.of(queueName));
        List<Message> out = new ArrayList<>();
        try (LinkedListIterator<MessageReference> it = queue.browserIterator()) {
            while (it.hasNext()) {
                out.add(it.next().getMessage());
            }
        }
        return out;
    }

    static boolean deadLettered(String node, String code) throws Exception {
        return browse(BusAddresses.deadLetter(node)).stream()
                .anyMatch(m -> code.equals(String.valueOf(m.getStringProperty(WireHeaders.REJECT_CODE))));
    }

    @Test
    void shouldRefuseWithThePointerWhenASubmissionIsSchemaInvalid() throws Exception {
        ObjectNode doc = intelligence("NL-NMT", List.of("NL-ENU"));
        ((ObjectNode) doc.get("header")).put("handlingCode", "H7");
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> bus.node("NL-NMT").submit(Json.mapper().writeValueAsBytes(doc)));
        assertEquals("/header/handlingCode", e.errors().get(0).pointer());
        assertTrue(audited("NL-NMT", AuditEvent.REJECTED, "/header/handlingCode"));
    }

    @Test
    void shouldRefuseWhenASubmissionIsMalformedJson() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> bus.node("NL-NMT").submit("{\"header\": ".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void shouldRefuseWhenARecipientIsUnknown() throws Exception {
        ObjectNode doc = intelligence("NL-ENU", List.of("FR-ENU"));
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> bus.node("NL-ENU").submit(Json.mapper().writeValueAsBytes(doc)));
        assertEquals("known-recipient", e.rule());
        assertTrue(audited("NL-ENU", AuditEvent.REJECTED, "unknown recipient FR-ENU"));
    }

    @Test
    void shouldMoveToFailedWithAnErrorFileWhenADroppedFileIsInvalid() throws Exception {
        Path outbox = bus.layout().outbox("BE-NMT");
        Files.createDirectories(outbox);
        ObjectNode bad = intelligence("BE-NMT", List.of("BE-ENU"));
        ((ObjectNode) bad.get("payload")).remove("summary");
        Files.write(outbox.resolve("bad.json"), Json.mapper().writeValueAsBytes(bad));
        Files.writeString(outbox.resolve("broken.json"), "{ not json");
        Files.write(outbox.resolve("good.json"), Json.mapper().writeValueAsBytes(intelligence("BE-NMT", List.of("BE-ENU"))));

        Path failed = outbox.resolve("failed");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(failed.resolve("bad.json.error"))
                && Files.exists(failed.resolve("broken.json.error")) && Files.exists(outbox.resolve("done/good.json")));
        assertTrue(Files.exists(failed.resolve("bad.json")));
        assertTrue(Files.readString(failed.resolve("bad.json.error")).contains("/payload/summary: required property is missing"));
        assertTrue(Files.readString(failed.resolve("broken.json.error")).contains("malformed JSON"));
    }

    @Test
    void shouldRefuseBeforeReadingWhenADroppedFileIsOversized() throws Exception {
        Path outbox = bus.layout().outbox("NL-NMT");
        Files.createDirectories(outbox.resolve("staging"));
        Path staged = outbox.resolve("staging/huge.json");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(staged.toFile(), "rw")) {
            f.setLength(60L * 1024 * 1024); // sparse: nothing is written, nothing need be read
        }
        Files.move(staged, outbox.resolve("huge.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Path error = outbox.resolve("failed/huge.json.error");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(error));
        assertTrue(Files.readString(error).contains("62914560 bytes, over the limit of 52428800 bytes"), Files.readString(error));
        assertTrue(audited("NL-NMT", AuditEvent.REJECTED, "over the limit"));
    }

    @Test
    void shouldNeitherReadALinkNorWriteThroughOneWhenTheyArePlantedInARunningNodesOutbox() throws Exception {
        Path outbox = bus.layout().outbox("BE-NMT");
        Path failed = outbox.resolve("failed");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(failed)); // created by the node at its first poll
        Path outside = Files.createDirectories(dir.resolve("outside-the-outbox"));
        ObjectNode secret = intelligence("BE-NMT", List.of("BE-ENU"));
        String secretId = secret.get("header").get("messageId").asText();
        Path target = Files.write(outside.resolve("secret.json"), Json.mapper().writeValueAsBytes(secret));
        Path victim = Files.writeString(outside.resolve("victim.txt"), "untouched");
        Files.createSymbolicLink(failed.resolve("planted.json.error"), victim);

        Files.createSymbolicLink(outbox.resolve("leak.json"), target);
        Files.writeString(outbox.resolve("planted.json.tmp"), "{ not json");
        Files.move(outbox.resolve("planted.json.tmp"), outbox.resolve("planted.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(failed.resolve("leak.json.error"))
                && Files.exists(failed.resolve("planted.2.json.error")));
        assertTrue(Files.isSymbolicLink(failed.resolve("leak.json")));
        assertTrue(Files.readString(failed.resolve("leak.json.error")).contains("is a symbolic link"));
        assertEquals("untouched", Files.readString(victim));
        assertTrue(Files.readString(failed.resolve("planted.2.json.error")).contains("malformed JSON"));
        assertTrue(bus.node("BE-NMT").services().status().history(UUID.fromString(secretId)).isEmpty(), "the link's target was submitted");
        assertFalse(AUDIT.of("BE-NMT").stream().anyMatch(r -> secretId.equals(String.valueOf(r.messageId()))));
    }

    @Test
    void shouldDeadLetterWithReasonWhenCiphertextIsTamperedInTheQueue() throws Exception {
        ObjectNode doc = intelligence("NL-NMT", List.of("NL-ENU"));
        MessageHeader header = HeaderCodec.fromJson(doc.get("header"));
        byte[] body = bus.node("NL-NMT").services().protector().protect(header, Json.mapper().writeValueAsBytes(doc.get("payload")));
        body[body.length - 20] ^= 0x40;
        inject("NL-NMT", "NL-ENU", new String(HeaderCodec.canonicalBytes(header), StandardCharsets.UTF_8), body, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLettered("NL-ENU", "unverifiable")
                && audited("NL-ENU", AuditEvent.DEAD_LETTERED, "unverifiable"));
        assertFalse(Files.exists(bus.layout().delivered("NL-ENU").resolve(header.messageId() + ".json")));
    }

    @Test
    void shouldDeadLetterWhenTheBodyIsGarbageAndTheHeaderMissing() throws Exception {
        inject("BE-NMT", "BE-ENU", null, new byte[] {1, 2, 3, 4}, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLettered("BE-ENU", "wire-format"));
    }

    @Test
    void shouldProcessOnceWhenAMessageIsReplayed() throws Exception {
        ObjectNode doc = intelligence("NL-NMT", List.of("NL-ENU"));
        String id = bus.node("NL-NMT").submit(Json.mapper().writeValueAsBytes(doc));
        Path delivered = bus.layout().delivered("NL-ENU").resolve(id + ".json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));
        MessageHeader header = HeaderCodec.fromJson(doc.get("header"));
        byte[] original = bus.node("NL-ENU").services().archive().list().stream()
                .filter(m -> m.header().messageId().equals(header.messageId())).findFirst()
                .map(m -> bus.node("NL-ENU").services().archive().body(m)).orElseThrow();
        String headerJson = new String(HeaderCodec.canonicalBytes(header), StandardCharsets.UTF_8);

        // Same duplicate id: the broker drops it. A fresh duplicate id gets past the broker: the node refuses it.
        inject("NL-NMT", "NL-ENU", headerJson, original, id);
        inject("NL-NMT", "NL-ENU", headerJson, original, "replay-" + id);
        await().atMost(Duration.ofSeconds(20)).until(() -> audited("NL-ENU", AuditEvent.DEAD_LETTERED, "duplicate: message " + id));
        long deliveries = AUDIT.of("NL-ENU").stream()
                .filter(r -> r.event() == AuditEvent.DELIVERED && header.messageId().equals(r.messageId())).count();
        assertEquals(1, deliveries);
    }

    @Test
    void shouldRefuseAtSubmissionWhenAForwardBreaksTheProvidersHandlingCode() throws Exception {
        ObjectNode original = intelligence("NL-NMT", List.of("NL-ENU"));
        ((ObjectNode) original.get("header")).put("handlingCode", "H2");
        ObjectNode forward = (ObjectNode) Json.mapper().readTree(Path.of("../schemas/examples/valid/forwarded-message-1.json").toFile());
        ((ObjectNode) forward.get("header")).put("messageId", UUID.randomUUID().toString());
        ((ObjectNode) forward.get("header")).put("createdAt", Instant.now().toString());
        ((ObjectNode) forward.get("payload")).set("originalHeader", original.get("header"));
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> bus.node("NL-ENU").submit(Json.mapper().writeValueAsBytes(forward)));
        assertEquals("onward-dissemination", e.rule());
        assertTrue(e.getMessage().contains("handling code H2"), e.getMessage());
        assertTrue(audited("NL-ENU", AuditEvent.REJECTED, "onward-dissemination"));
    }

    @Test
    void shouldDeadLetterAtEuropolWhenAForwardCarriesAForgedOriginal() throws Exception {
        // A unit claims NL-NMT said something, but the "original" is signed by the unit itself.
        ObjectNode claimed = intelligence("NL-NMT", List.of("NL-ENU"));
        ObjectNode fake = intelligence("NL-ENU", List.of("EUROPOL"));
        MessageHeader fakeHeader = HeaderCodec.fromJson(fake.get("header"));
        byte[] fakeEnvelope = bus.node("NL-ENU").services().protector().protect(fakeHeader, Json.mapper().writeValueAsBytes(fake.get("payload")));
        byte[] signedByUnit = bus.node("EUROPOL").services().opener().open(fakeHeader, fakeEnvelope).signedData();
        ObjectNode forward = (ObjectNode) Json.mapper().readTree(Path.of("../schemas/examples/valid/forwarded-message-1.json").toFile());
        ObjectNode header = (ObjectNode) forward.get("header");
        header.put("messageId", UUID.randomUUID().toString());
        header.put("createdAt", Instant.now().toString());
        ((ObjectNode) forward.get("payload")).set("originalHeader", claimed.get("header"));
        ((ObjectNode) forward.get("payload")).put("signedData", java.util.Base64.getEncoder().encodeToString(signedByUnit));
        MessageHeader forwardHeader = HeaderCodec.fromJson(header);
        byte[] body = bus.node("NL-ENU").services().protector().protect(forwardHeader, Json.mapper().writeValueAsBytes(forward.get("payload")));
        inject("NL-ENU", "EUROPOL", new String(HeaderCodec.canonicalBytes(forwardHeader), StandardCharsets.UTF_8), body, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> audited("EUROPOL", AuditEvent.DEAD_LETTERED, "was signed by 'NL-ENU'"));
        assertTrue(deadLettered("EUROPOL", "unverifiable"));
    }

    /** A forwarded-message document from NL-ENU to Europol around {@code original}, with the example's other fields. */
    static ObjectNode forwardOf(ObjectNode original, byte[] signedData) throws Exception {
        ObjectNode forward = (ObjectNode) Json.mapper().readTree(Path.of("../schemas/examples/valid/forwarded-message-1.json").toFile());
        ObjectNode header = (ObjectNode) forward.get("header");
        header.put("messageId", UUID.randomUUID().toString());
        header.put("createdAt", Instant.now().toString());
        ((ObjectNode) forward.get("payload")).set("originalHeader", original.get("header"));
        if (signedData != null) {
            ((ObjectNode) forward.get("payload")).put("signedData", java.util.Base64.getEncoder().encodeToString(signedData));
        }
        return forward;
    }

    @Test
    void shouldRefuseAtSubmissionWhenAForwardIsClassifiedBelowItsOriginal() throws Exception {
        ObjectNode original = intelligence("NL-NMT", List.of("NL-ENU"));
        ObjectNode forward = forwardOf(original, null);
        ((ObjectNode) forward.get("header")).put("classification", "BASIC");
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> bus.node("NL-ENU").submit(Json.mapper().writeValueAsBytes(forward)));
        assertEquals("forward-weaker-than-original", e.rule());
        assertTrue(e.getMessage().contains("classification BASIC is lower than the original's RESTRICTED"), e.getMessage());
    }

    @Test
    void shouldDeadLetterAtEuropolWhenAForwardCarriesAWeakerHandlingCodeThanItsOriginal() throws Exception {
        // A genuine original (signed by NL-NMT, opened by NL-ENU), wrapped by a unit that bypassed its own gateway.
        ObjectNode original = intelligence("NL-NMT", List.of("NL-ENU"));
        ((ObjectNode) original.get("header")).put("handlingCode", "H1");
        MessageHeader originalHeader = HeaderCodec.fromJson(original.get("header"));
        byte[] envelope = bus.node("NL-NMT").services().protector().protect(originalHeader,
                Json.mapper().writeValueAsBytes(original.get("payload")));
        byte[] signedData = bus.node("NL-ENU").services().opener().open(originalHeader, envelope).signedData();
        ObjectNode forward = forwardOf(original, signedData);
        ((ObjectNode) forward.get("header")).put("handlingCode", "H0");
        MessageHeader forwardHeader = HeaderCodec.fromJson(forward.get("header"));
        byte[] body = bus.node("NL-ENU").services().protector().protect(forwardHeader, Json.mapper().writeValueAsBytes(forward.get("payload")));
        inject("NL-ENU", "EUROPOL", new String(HeaderCodec.canonicalBytes(forwardHeader), StandardCharsets.UTF_8), body, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> audited("EUROPOL", AuditEvent.DEAD_LETTERED,
                "handling code H0 is weaker than the original's H1"));
        assertTrue(deadLettered("EUROPOL", "policy"));
        assertFalse(Files.exists(bus.layout().delivered("EUROPOL").resolve(forwardHeader.messageId() + ".json")));
    }

    @Test
    void shouldAnswerWithTheIdAndSendOnceWhenTheSameMessageIsSubmittedAgain() throws Exception {
        byte[] document = Json.mapper().writeValueAsBytes(intelligence("NL-NMT", List.of("NL-ENU")));
        String id = bus.node("NL-NMT").submit(document);
        assertEquals(id, bus.node("NL-NMT").submit(document)); // a client retry after a lost answer
        StatusStore status = bus.node("NL-NMT").services().status();
        await().atMost(Duration.ofSeconds(20)).until(() -> status.current(UUID.fromString(id)).orElse(null) == MessageStatus.RECEIPTED);
        assertEquals(1, status.history(UUID.fromString(id)).stream().filter(c -> c.status() == MessageStatus.SENT).count());
    }

    @Test
    void shouldRefuseWithMessageIdReusedWhenAUsedIdCarriesOtherContent() throws Exception {
        ObjectNode doc = intelligence("NL-NMT", List.of("NL-ENU"));
        String id = bus.node("NL-NMT").submit(Json.mapper().writeValueAsBytes(doc));
        ((ObjectNode) doc.get("payload")).put("summary", "something else under the same id");
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> bus.node("NL-NMT").submit(Json.mapper().writeValueAsBytes(doc)));
        assertEquals(SubmissionRejectedException.MESSAGE_ID_REUSED, e.rule());
        assertTrue(e.getMessage().contains("message id " + id + " is already used"), e.getMessage());
        // The listener sees a record once it is durable, possibly just after the refusal returned.
        await().atMost(Duration.ofSeconds(10)).until(() -> audited("NL-NMT", AuditEvent.REJECTED, "message-id-reused"));

        // The drop directory refuses it the same way.
        Path outbox = bus.layout().outbox("NL-NMT");
        Files.createDirectories(outbox);
        Files.write(outbox.resolve("reused.json"), Json.mapper().writeValueAsBytes(doc));
        Path error = outbox.resolve("failed/reused.json.error");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(error));
        assertTrue(Files.readString(error).contains("message id " + id + " is already used"), Files.readString(error));
    }

    @Test
    void shouldDeadLetterAReceiptThatClaimsAnotherNodesDelivery() throws Exception {
        String id = bus.node("NL-NMT").submit(Json.mapper().writeValueAsBytes(intelligence("NL-NMT", List.of("NL-ENU"))));
        MessageHeader forged = new MessageHeader(UUID.randomUUID(), eu.bus.message.MessageType.DELIVERY_RECEIPT, "1.0",
                "BE-NMT", List.of("NL-NMT"), null, null, UUID.fromString(id), Instant.now(), null,
                eu.bus.message.HandlingCode.H0, eu.bus.message.Classification.BASIC, null, null);
        ObjectNode payload = Json.mapper().createObjectNode().put("receivedBy", "NL-ENU").put("receivedAt", Instant.now().toString())
                .put("outcome", "DELIVERED");
        payload.putObject("digest").put("algorithm", "SHA-256").put("value", "0".repeat(64));
        byte[] body = bus.node("BE-NMT").services().protector().protect(forged, Json.mapper().writeValueAsBytes(payload));
        inject("BE-NMT", BusAddresses.receipts("NL-NMT"), new String(HeaderCodec.canonicalBytes(forged), StandardCharsets.UTF_8), body, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> audited("NL-NMT", AuditEvent.DEAD_LETTERED, "claims delivery by NL-ENU"));
    }

    @Test
    void shouldDeadLetterWhenACaseUpdateComesFromANonParticipant() throws Exception {
        String caseId = "CASE-2026-200001";
        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROJUST"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> bus.node("EUROJUST").services().cases().exists(caseId));

        // BE-ENU is no participant. Its gateway would refuse this update; straight into EUROJUST's inbox,
        // properly signed and encrypted, the broker refuses it: no case decision matches it.
        ObjectNode update = TestMessages.caseRemoval(caseId, "BE-ENU", List.of("EUROJUST", "NL-ENU"), List.of("NL-ENU"));
        MessageHeader header = HeaderCodec.fromJson(update.get("header"));
        byte[] body = bus.node("BE-ENU").services().protector().protect(header, Json.mapper().writeValueAsBytes(update.get("payload")));
        jakarta.jms.JMSSecurityException refused = assertThrows(jakarta.jms.JMSSecurityException.class,
                () -> inject("BE-ENU", "EUROJUST", new String(HeaderCodec.canonicalBytes(header), StandardCharsets.UTF_8), body, null));
        assertTrue(refused.getMessage().contains("matches no case change the broker decided"), refused.getMessage());
        assertEquals(java.util.Set.of("NL-ENU", "EUROJUST"), bus.node("EUROJUST").services().cases().participants(caseId));
        assertFalse(Files.exists(bus.layout().delivered("EUROJUST").resolve(header.messageId() + ".json")));
    }

    @Test
    void shouldRefuseAtSubmissionWhenCreatedAtIsOutsideTheReceiversWindow() throws Exception {
        ObjectNode doc = intelligence("NL-NMT", List.of("NL-ENU"));
        ((ObjectNode) doc.get("header")).put("createdAt", Instant.now().minus(Duration.ofMinutes(10)).toString());
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> bus.node("NL-NMT").submit(Json.mapper().writeValueAsBytes(doc)));
        assertEquals("created-at", e.rule());
    }

    @Test
    void shouldDeadLetterWithAnAuditRecordWhenDeliveryKeepsFailing() throws Exception {
        Path caseSystem = bus.layout().delivered("EUROJUST");
        Files.createDirectories(caseSystem.getParent());
        Files.writeString(caseSystem, "a file where the case system's directory should be");
        try {
            ObjectNode doc = TestMessages.fresh("intelligence-report-2.json", "NL-ENU", List.of("EUROJUST"));
            String id = bus.node("NL-ENU").submit(Json.mapper().writeValueAsBytes(doc));
            await().atMost(Duration.ofSeconds(60)).until(() -> audited("EUROJUST", AuditEvent.DEAD_LETTERED, "undeliverable"));
            assertTrue(browse(BusAddresses.deadLetter("EUROJUST")).stream()
                    .anyMatch(m -> id.equals(String.valueOf(m.getStringProperty(WireHeaders.MESSAGE_ID)))));
        } finally {
            Files.delete(caseSystem);
        }
    }

    @Test
    void shouldKeepWorkingAndLeaveNoPlaintextOnTheBrokerAfterHostileInput() throws Exception {
        String id = bus.node("BE-NMT").submit(Json.mapper().writeValueAsBytes(intelligence("BE-NMT", List.of("BE-ENU"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(bus.layout().delivered("BE-ENU").resolve(id + ".json")));
        assertTrue(Files.readString(bus.layout().delivered("BE-ENU").resolve(id + ".json")).contains(MARKER));

        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        for (var binding : bus.embeddedBroker().orElseThrow().server().getPostOffice().getAllBindings().toList()) {
            if (binding instanceof org.apache.activemq.artemis.core.postoffice.QueueBinding qb) {
                for (Message m : browse(qb.getQueue().getName().toString())) {
                    assertFalse(contains(m.toCore().getBodyBuffer().toByteBuffer().array(), marker), "plaintext in " + qb.getQueue().getName());
                    assertFalse(String.valueOf(m.toString()).contains(MARKER), "plaintext in a property on " + qb.getQueue().getName());
                }
            }
        }
        try (Stream<Path> files = Files.walk(bus.layout().broker())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(Files.readAllBytes(f), marker), "plaintext in broker file " + f);
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
