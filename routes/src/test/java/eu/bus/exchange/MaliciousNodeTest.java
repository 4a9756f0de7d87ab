package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.archive.ArchivedMessage;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.audit.Sha256;
import eu.bus.broker.BrokerSettings;
import eu.bus.broker.BusAddresses;
import eu.bus.broker.CaseAuthority;
import eu.bus.broker.CaseChange;
import eu.bus.broker.CaseChangeRefusal;
import eu.bus.broker.SignedCaseChanges;
import eu.bus.broker.WireLimits;
import eu.bus.keys.DevPki;
import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with valid credentials acting in bad faith, against a real bus: the embedded broker with
 * TLS and client certificates, persistence on, every gateway running. One test per attack the
 * hardening issue names and per defence it asks for. Where a defence has two walls (the broker and
 * the receiving gateway), each wall has its own test: the gateway's is reached by delivering past the
 * broker's checks, as a compromised broker or a link from another site could.
 */
class MaliciousNodeTest {

    static final List<String> PKI = List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST", "FR-ENU", "PL-ENU",
            "AUDITOR");
    static final List<String> RUNNING = PKI.stream().filter(n -> !n.equals("AUDITOR")).toList();
    /** A small message limit, so that "over the limit" costs the test megabytes, not hundreds. */
    static final WireLimits LIMITS = new WireLimits(1 << 20);
    static final CaseAuthority.Limits CASE_LIMITS = new CaseAuthority.Limits(3, 10);
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String MARKER = "SECRET-7f3a";

    @TempDir
    static Path dir;
    static BusNetwork bus;
    static final AuditRecords AUDIT = new AuditRecords();

    @BeforeAll
    static void start() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), PKI);
        bus = BusNetwork.start(layout, RUNNING, Clock.systemUTC(),
                AUDIT.hook(),
                BrokerSettings.defaults(layout.broker(), layout.pki()).withPort(0).withLimits(LIMITS).withCaseLimits(CASE_LIMITS));
    }

    @AfterAll
    static void stop() throws Exception {
        bus.close();
    }

    // ---- Only the bus's own wire format is read ----------------------------------------------------------

    /** Deserializing this runs code: what a gadget chain would do in a receiver that reads Java objects. */
    static final class Tripwire implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean TRIGGERED = new AtomicBoolean();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            TRIGGERED.set(true);
            in.defaultReadObject();
        }
    }

    @Test
    void shouldRefuseAtTheBrokerWhenANodeSendsAnObjectMessage() throws Exception {
        try (HostileNode nmt = new HostileNode(bus, "NL-NMT")) {
            JMSException refused = assertThrows(JMSException.class, () -> nmt.send("NL-ENU", s -> {
                ObjectMessage m = s.createObjectMessage(new Tripwire());
                m.setStringProperty(WireHeaders.BUS_HEADER, "{}");
                return m;
            }));
            assertTrue(refused.getMessage().contains("ObjectMessage"), refused.getMessage());
        }
        assertFalse(Tripwire.TRIGGERED.get());
    }

    @Test
    void shouldDeadLetterWithoutDeserializingWhenAnObjectMessageReachesAnInbox() throws Exception {
        String id = UUID.randomUUID().toString();
        deliverPastTheBroker(BusAddresses.inbox("NL-ENU"), org.apache.activemq.artemis.api.core.Message.OBJECT_TYPE,
                serializedObjectBody(new Tripwire()), Map.of(WireHeaders.BUS_HEADER, "{}", WireHeaders.MESSAGE_ID, id,
                        WireHeaders.SENDER, "NL-NMT"));
        await().atMost(WAIT).until(() -> deadLetterOf("NL-ENU", id) != null);
        Map<String, String> dead = deadLetterOf("NL-ENU", id);
        assertEquals("wire-format", dead.get(WireHeaders.REJECT_CODE));
        assertTrue(dead.get(WireHeaders.REJECT_REASON).contains("ObjectMessage"));
        assertFalse(Tripwire.TRIGGERED.get(), "the receiving gateway deserialized the attacker's object");
        assertTrue(audited("NL-ENU", AuditEvent.DEAD_LETTERED, "unverified message put on the bus by NL-NMT"));
    }

    @Test
    void shouldRefuseToDeserializeWhenAnyBusClientReadsAnObjectMessage() throws Exception {
        // The second wall: every connection factory the bus makes denies deserialization of any class.
        String queue = BusAddresses.expired("BE-NMT"); // a queue of BE-NMT's that no gateway consumes
        deliverPastTheBroker(queue, org.apache.activemq.artemis.api.core.Message.OBJECT_TYPE, serializedObjectBody(new Tripwire()),
                Map.of());
        try (HostileNode reader = new HostileNode(bus, "BE-NMT"); jakarta.jms.Session s = reader.session()) {
            ObjectMessage got = (ObjectMessage) s.createConsumer(s.createQueue(queue)).receive(WAIT.toMillis());
            assertThrows(JMSException.class, got::getObject);
        }
        assertFalse(Tripwire.TRIGGERED.get());
    }

    @Test
    void shouldRefuseAtTheBrokerWhenAMessageCarriesAPropertyNoBusClientSets() throws Exception {
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        MessageHeader header = HostileNode.header(doc);
        try (HostileNode nmt = new HostileNode(bus, "NL-NMT")) {
            // A scheduled delivery (held back), a name the JMS view hides, a case decision only the broker may
            // stamp: none reaches a queue.
            for (String property : List.of("_AMQ_SCHED_DELIVERY", "JMSReplyToQueue", WireHeaders.CASE_DECISION)) {
                JMSException refused = assertThrows(JMSException.class, () -> nmt.send("NL-ENU", s -> {
                    var m = nmt.busMessage(s, HostileNode.headerJson(header), header.messageId().toString(), nmt.protect(doc));
                    m.setStringProperty(property, "1");
                    return m;
                }));
                assertTrue(refused.getMessage().contains(property), refused.getMessage());
            }
        }
    }

    @Test
    void shouldDeadLetterWhenAMessageCarriesAPropertyTheBusDoesNotSet() throws Exception {
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        MessageHeader header = HostileNode.header(doc);
        String id = header.messageId().toString();
        byte[] body;
        try (HostileNode nmt = new HostileNode(bus, "NL-NMT")) {
            body = nmt.protect(doc);
        }
        deliverPastTheBroker(BusAddresses.inbox("NL-ENU"), org.apache.activemq.artemis.api.core.Message.BYTES_TYPE, body,
                Map.of(WireHeaders.BUS_HEADER, HostileNode.headerJson(header), WireHeaders.MESSAGE_ID, id,
                        WireHeaders.SENDER, "NL-NMT", "JMSReplyToQueue", "bus.NL-NMT.inbox"));
        await().atMost(WAIT).until(() -> deadLetterOf("NL-ENU", id) != null);
        assertEquals("wire-format", deadLetterOf("NL-ENU", id).get(WireHeaders.REJECT_CODE));
        assertFalse(Files.exists(bus.layout().delivered("NL-ENU").resolve(id + ".json")));
    }

    // ---- Identity pinned to the registered certificate -------------------------------------------------------

    @Test
    void shouldRefuseALoginWithACaIssuedCertificateThatIsNotTheNodesRegisteredOne() throws Exception {
        // What a mistaken or attacked CA operator hands out: a valid bus certificate naming EUROPOL.
        eu.bus.keys.ProtectedKeyStore impostor = eu.bus.broker.RogueKeyStores.issue(bus.layout().pki(), "EUROPOL",
                Files.createDirectories(dir.resolve("impostor")));
        try (var factory = bus.broker().connectionFactory(impostor)) {
            assertThrows(jakarta.jms.JMSSecurityException.class, () -> factory.createConnection().close());
        }
    }

    // ---- Sizes bounded before any work -------------------------------------------------------------------

    @Test
    void shouldCutOffTheSenderWhenItStreamsAMessageOverTheLimit() throws Exception {
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "BE-NMT", List.of("BE-ENU"));
        MessageHeader header = HostileNode.header(doc);
        try (HostileNode nmt = new HostileNode(bus, "BE-NMT")) {
            byte[] huge = new byte[4 * (1 << 20)];
            assertThrows(JMSException.class, () -> nmt.send("BE-ENU",
                    s -> nmt.busMessage(s, HostileNode.headerJson(header), header.messageId().toString(), huge)));
            // Cut off while it arrived (the connection is closed), not refused after the broker had taken it all.
            await().atMost(WAIT).untilAsserted(() -> assertThrows(JMSException.class, nmt::session));
        }
        // Other tests leave BE-ENU dead letters of their own (negative receipts it could not match): look for this one.
        assertEquals(0, queue(BusAddresses.inbox("BE-ENU")).getMessageCount(), "nothing of it is stored");
        assertNull(deadLetterOf("BE-ENU", header.messageId().toString()), "nothing of it is dead-lettered");
        assertTrue(bus.node("BE-ENU").services().archive().list().stream()
                .noneMatch(m -> m.header().messageId().equals(header.messageId())), "nothing of it is archived");
        Path large = bus.layout().broker().resolve("large-messages");
        await().atMost(WAIT).until(() -> !Files.isDirectory(large) || emptyDirectory(large));
    }

    @Test
    void shouldCutOffTheSenderWhenAPropertyIsOverTheLimit() throws Exception {
        String bloated = "x".repeat(WireLimits.MAX_PROPERTIES_BYTES + 1);
        try (HostileNode nmt = new HostileNode(bus, "BE-NMT")) {
            // Every connection reads frames through the bounded decoder (FrameLimitTest): no frame is buffered whole
            // beyond the limit, whatever it holds.
            for (var connection : bus.embeddedBroker().orElseThrow().server().getRemotingService().getConnections()) {
                var netty = (org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnection) connection.getTransportConnection();
                var decoder = netty.getChannel().pipeline().get("activemq-decoder");
                // A connection closing meanwhile (another test's node reconnecting) has no pipeline left to check.
                assertTrue(decoder instanceof eu.bus.broker.FrameLimit.BoundedFrameDecoder || !netty.getChannel().isActive(),
                        () -> "decoder " + decoder + " on " + netty.getChannel());
            }
            assertThrows(JMSException.class, () -> nmt.send("BE-ENU",
                    s -> nmt.busMessage(s, bloated, UUID.randomUUID().toString(), new byte[16])));
        }
        assertEquals(0, queue(BusAddresses.inbox("BE-ENU")).getMessageCount());
    }

    @Test
    void shouldDeadLetterWithoutReadingTheBodyWhenAnOversizedMessageReachesAnInbox() throws Exception {
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        MessageHeader header = HostileNode.header(doc);
        String id = header.messageId().toString();
        deliverPastTheBroker(BusAddresses.inbox("NL-ENU"), org.apache.activemq.artemis.api.core.Message.BYTES_TYPE,
                new byte[(int) LIMITS.maxBodyBytes() + 1], Map.of(WireHeaders.BUS_HEADER, HostileNode.headerJson(header),
                        WireHeaders.MESSAGE_ID, id, WireHeaders.SENDER, "NL-NMT"));
        await().atMost(WAIT).until(() -> deadLetterOf("NL-ENU", id) != null);
        Map<String, String> dead = deadLetterOf("NL-ENU", id);
        assertEquals("wire-format", dead.get(WireHeaders.REJECT_CODE));
        assertTrue(dead.get(WireHeaders.REJECT_REASON).contains("over the limit"));
        assertTrue(bus.node("NL-ENU").services().archive().list().stream()
                .noneMatch(m -> m.header().messageId().equals(header.messageId())), "an oversized body is never archived");
    }

    // ---- Authenticate before recording -------------------------------------------------------------------

    @Test
    void shouldRecordNothingUnderTheGenuineIdentityWhenAForgedCopyDoesNotVerify() throws Exception {
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        String id = bus.node("NL-NMT").submit(TestMessages.bytes(doc));
        await().atMost(WAIT).until(() -> Files.exists(bus.layout().delivered("NL-ENU").resolve(id + ".json")));
        MessageHeader genuine = HostileNode.header(doc);
        ArchivedMessage archived = archiveOf("NL-ENU", genuine.messageId());
        byte[] body = bus.node("NL-ENU").services().archive().body(archived);

        // The same signed body under a header with another createdAt: it would move the genuine message's dates.
        MessageHeader forged = withCreatedAt(genuine, genuine.createdAt().plusSeconds(30));
        try (HostileNode nmt = new HostileNode(bus, "NL-NMT")) {
            nmt.send("NL-ENU", s -> nmt.busMessage(s, HostileNode.headerJson(forged), id, body));
        }
        await().atMost(WAIT).until(() -> audited("NL-ENU", AuditEvent.DEAD_LETTERED, "unverifiable"));
        assertEquals(genuine.createdAt(), archiveOf("NL-ENU", genuine.messageId()).header().createdAt(),
                "the archive keeps the genuine header");
        List<AuditRecord> underItsId = records("NL-ENU").stream().filter(r -> genuine.messageId().equals(r.messageId())).toList();
        assertEquals(1, underItsId.stream().filter(r -> r.event() == AuditEvent.RECEIVED).count(),
                "only the genuine copy is recorded as received: " + underItsId);
        assertTrue(underItsId.stream().noneMatch(r -> r.event() == AuditEvent.DEAD_LETTERED), underItsId.toString());
        AuditRecord unverified = records("NL-ENU").stream().filter(r -> r.event() == AuditEvent.DEAD_LETTERED
                && r.reason().contains("unverifiable") && r.reason().contains(id)).findFirst().orElseThrow();
        assertNull(unverified.messageId(), "an unverified rejection names no message as a fact");
        assertEquals(Sha256.hex(body), unverified.digest());
    }

    @Test
    void shouldArchiveNothingWhenTheBodyIsNotABusEnvelope() throws Exception {
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "BE-NMT", List.of("BE-ENU"));
        MessageHeader header = HostileNode.header(doc);
        try (HostileNode nmt = new HostileNode(bus, "BE-NMT")) {
            nmt.send("BE-ENU", s -> nmt.busMessage(s, HostileNode.headerJson(header), header.messageId().toString(),
                    "not CMS at all".getBytes(StandardCharsets.UTF_8)));
        }
        await().atMost(WAIT).until(() -> deadLetterOf("BE-ENU", header.messageId().toString()) != null);
        assertTrue(bus.node("BE-ENU").services().archive().list().stream()
                .noneMatch(m -> m.header().messageId().equals(header.messageId())), "nothing claimed is archived");
        assertTrue(records("BE-ENU").stream().noneMatch(r -> header.messageId().equals(r.messageId())),
                "no record names the claimed message");
    }

    @Test
    void shouldRefuseAsRelayedWhenACoRecipientPutsTheSendersMessageOnTheBusAgain() throws Exception {
        bus.camel().getRouteController().stopRoute("inbox-EUROPOL");
        String id;
        try {
            ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "NL-ENU", List.of("BE-ENU", "EUROPOL"));
            id = bus.node("NL-ENU").submit(TestMessages.bytes(doc));
            String delivered = id;
            await().atMost(WAIT).until(() -> Files.exists(bus.layout().delivered("BE-ENU").resolve(delivered + ".json")));
            MessageHeader header = HostileNode.header(doc);
            byte[] body = bus.node("BE-ENU").services().archive().body(archiveOf("BE-ENU", header.messageId()));
            try (HostileNode be = new HostileNode(bus, "BE-ENU")) {
                be.send("EUROPOL", s -> be.busMessage(s, HostileNode.headerJson(header), delivered, body));
            }
        } finally {
            bus.camel().getRouteController().startRoute("inbox-EUROPOL");
        }
        String messageId = id;
        await().atMost(WAIT).until(() -> deadLetterOf("EUROPOL", messageId) != null);
        assertEquals("relayed", deadLetterOf("EUROPOL", messageId).get(WireHeaders.REJECT_CODE));
        assertEquals("BE-ENU", deadLetterOf("EUROPOL", messageId).get(WireHeaders.REJECTED_FROM));
        await().atMost(WAIT).until(() -> Files.exists(bus.layout().delivered("EUROPOL").resolve(messageId + ".json")));
    }

    // ---- Case participation: one authority, one set of rules -----------------------------------------------

    @Test
    void shouldRefuseAtTheBrokerWhenAUnitMakesAnAuditorOrATeamAParticipant() throws Exception {
        for (String outsider : List.of("AUDITOR", "NL-NMT")) {
            CaseChangeRefusal refusal = refusedChange("NL-ENU", SignedCaseChanges.signed(bus.layout().pki(), "NL-ENU",
                    "CASE-2026-400001", CaseChange.Kind.OPEN, Set.of("NL-ENU", outsider), Set.of(), UUID.randomUUID().toString()));
            assertEquals("case-participant-role", refusal.code(), refusal.reason());
        }
    }

    @Test
    void shouldRefuseAtTheBrokerWhenACaseWouldHaveFewerThanTwoParticipants() throws Exception {
        CaseChangeRefusal alone = refusedChange("NL-ENU", SignedCaseChanges.signed(bus.layout().pki(), "NL-ENU",
                "CASE-2026-400002", CaseChange.Kind.OPEN, Set.of("NL-ENU"), Set.of(), UUID.randomUUID().toString()));
        assertEquals("case-participants", alone.code(), alone.reason());
        CaseChangeRefusal empty = refusedChange("NL-ENU", SignedCaseChanges.signed(bus.layout().pki(), "NL-ENU",
                "CASE-2026-400002", CaseChange.Kind.OPEN, Set.of(), Set.of(), UUID.randomUUID().toString()));
        assertTrue(Set.of("case-participants", "case-change-invalid", "case-lead-participates").contains(empty.code()), empty.reason());
        assertFalse(brokerCases().exists("CASE-2026-400002"));
    }

    @Test
    void shouldRefuseWhenAParticipantOtherThanTheLeadClosesTheCaseOrRemovesAnother() throws Exception {
        String caseId = "CASE-2026-400003";
        Set<String> all = Set.of("NL-ENU", "BE-ENU", "EUROJUST");
        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("BE-ENU", "EUROJUST"))));
        CaseChangeRefusal close = refusedChange("BE-ENU", SignedCaseChanges.signed(bus.layout().pki(), "BE-ENU", caseId,
                CaseChange.Kind.CLOSE, all, all, UUID.randomUUID().toString()));
        assertEquals("case-lead", close.code(), close.reason());
        CaseChangeRefusal removal = refusedChange("BE-ENU", SignedCaseChanges.signed(bus.layout().pki(), "BE-ENU", caseId,
                CaseChange.Kind.UPDATE, Set.of("NL-ENU", "BE-ENU"), all, UUID.randomUUID().toString()));
        assertEquals("case-lead", removal.code(), removal.reason());
        assertEquals(all, brokerCases().participants(caseId));
        assertFalse(brokerCases().isClosed(caseId));
    }

    @Test
    void shouldRefuseACaseChangeThatTheRequesterDidNotSign() throws Exception {
        String caseId = "CASE-2026-400004";
        CaseChange signedByAnother = SignedCaseChanges.signed(bus.layout().pki(), "BE-ENU", new CaseChange(caseId,
                CaseChange.Kind.OPEN, Set.of("NL-ENU", "EUROJUST"), Set.of(), UUID.randomUUID().toString(),
                Sha256.hex(new byte[1])));
        assertEquals("case-change-signature", refusedChange("NL-ENU", signedByAnother).code());
        CaseChange signed = SignedCaseChanges.signed(bus.layout().pki(), "NL-ENU", caseId, CaseChange.Kind.OPEN,
                Set.of("NL-ENU", "EUROJUST"), Set.of(), UUID.randomUUID().toString());
        CaseChange alteredAfterSigning = new CaseChange(caseId, CaseChange.Kind.OPEN, Set.of("NL-ENU", "EUROJUST", "EUROPOL"),
                Set.of(), signed.messageId(), signed.headerDigest(), signed.signature());
        assertEquals("case-change-signature", refusedChange("NL-ENU", alteredAfterSigning).code());
        assertFalse(brokerCases().exists(caseId));
    }

    @Test
    void shouldRefuseAtTheBrokerALifecycleMessageOtherThanTheOneTheDecisionWasFor() throws Exception {
        String caseId = "CASE-2026-400005";
        ObjectNode open = TestMessages.caseOpen(caseId, "EUROJUST", List.of("EUROPOL"));
        try (HostileNode eurojust = new HostileNode(bus, "EUROJUST")) {
            eurojust.requestChange(SignedCaseChanges.signed(bus.layout().pki(), "EUROJUST", CaseChange.Kind.OPEN,
                    Set.of("EUROJUST", "EUROPOL"), Set.of(), HostileNode.header(open)));
            // The decided message, with another header (the decision's digest no longer matches): refused.
            ((ObjectNode) open.get("header")).put("handlingCode", "H0");
            JMSException refused = assertThrows(JMSException.class, () -> eurojust.sendProtected("EUROPOL", open));
            assertTrue(refused.getMessage().contains("matches no case change the broker decided"), refused.getMessage());
        }
    }

    @Test
    void shouldNotApplyALifecycleMessageThatCarriesNoDecisionOfTheBroker() throws Exception {
        String caseId = "CASE-2026-400006";
        // The header's type is spelled with a JSON escape: the same header once parsed, but past a naive broker test.
        ObjectNode open = TestMessages.caseOpen(caseId, "BE-ENU", List.of("EUROJUST"));
        MessageHeader header = HostileNode.header(open);
        String evasive = HostileNode.headerJson(header).replace("\"case-open\"", "\"case\\u002dopen\"");
        try (HostileNode be = new HostileNode(bus, "BE-ENU")) {
            be.send("EUROJUST", s -> be.busMessage(s, evasive, header.messageId().toString(), be.protect(open)));
        }
        String id = header.messageId().toString();
        await().atMost(WAIT).until(() -> deadLetterOf("EUROJUST", id) != null);
        assertTrue(deadLetterOf("EUROJUST", id).get(WireHeaders.REJECT_REASON).contains("case-decision"));
        assertFalse(bus.node("EUROJUST").services().cases().exists(caseId), "the view is built from decisions only");
    }

    @Test
    void shouldNotApplyALifecycleMessageAddressedToFewerThanItsParticipants() throws Exception {
        String caseId = "CASE-2026-400007";
        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("BE-ENU", "EUROJUST"))));
        await().atMost(WAIT).until(() -> bus.node("EUROJUST").services().cases().exists(caseId));
        // The lead has the broker decide a removal of EUROJUST, then tells only EUROJUST (the others never learn).
        ObjectNode removal = TestMessages.caseRemoval(caseId, "NL-ENU", List.of("EUROJUST"), List.of("EUROJUST"));
        try (HostileNode lead = new HostileNode(bus, "NL-ENU")) {
            lead.requestChange(SignedCaseChanges.signed(bus.layout().pki(), "NL-ENU", CaseChange.Kind.UPDATE,
                    Set.of("NL-ENU", "BE-ENU"), Set.of("NL-ENU", "BE-ENU", "EUROJUST"), HostileNode.header(removal)));
            lead.sendProtected("EUROJUST", removal);
        }
        String id = HostileNode.header(removal).messageId().toString();
        await().atMost(WAIT).until(() -> deadLetterOf("EUROJUST", id) != null);
        assertTrue(deadLetterOf("EUROJUST", id).get(WireHeaders.REJECT_REASON).contains("case-recipients"));
        assertEquals(Set.of("NL-ENU", "BE-ENU", "EUROJUST"), bus.node("EUROJUST").services().cases().participants(caseId));
    }

    @Test
    void shouldTellTheRealLeadAtOnceWhenAnotherUnitHasTakenTheCaseId() {
        String caseId = "CASE-2026-400008";
        bus.node("BE-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "BE-ENU", List.of("EUROPOL"))));
        SubmissionRejectedException taken = assertThrows(SubmissionRejectedException.class, () -> bus.node("NL-ENU")
                .submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROJUST", "EUROPOL")))));
        assertEquals("case-exists", taken.rule(), taken.getMessage());
        assertTrue(taken.getMessage().contains("under another id"), taken.getMessage());
        assertFalse(bus.node("EUROJUST").services().cases().exists(caseId), "nothing reached the intended participants");
    }

    @Test
    void shouldRefuseMoreOpenCasesThanTheNodesLimit() {
        for (int i = 1; i <= CASE_LIMITS.maxOpenCasesPerNode(); i++) {
            bus.node("FR-ENU").submit(TestMessages.bytes(TestMessages.caseOpen("CASE-2026-41000" + i, "FR-ENU", List.of("EUROPOL"))));
        }
        SubmissionRejectedException over = assertThrows(SubmissionRejectedException.class, () -> bus.node("FR-ENU")
                .submit(TestMessages.bytes(TestMessages.caseOpen("CASE-2026-410009", "FR-ENU", List.of("EUROPOL")))));
        assertEquals("case-limit", over.rule(), over.getMessage());
    }

    @Test
    void shouldRefuseMoreCaseChangesPerMinuteThanTheNodesLimit() throws Exception {
        String caseId = "CASE-2026-420001";
        Set<String> two = Set.of("PL-ENU", "EUROPOL");
        Set<String> three = Set.of("PL-ENU", "EUROPOL", "EUROJUST");
        try (HostileNode pl = new HostileNode(bus, "PL-ENU")) {
            pl.requestChange(SignedCaseChanges.signed(bus.layout().pki(), "PL-ENU", caseId, CaseChange.Kind.OPEN, two, Set.of(),
                    UUID.randomUUID().toString()));
            for (int i = 1; i < CASE_LIMITS.maxChangesPerMinute(); i++) {
                boolean grow = i % 2 == 1;
                pl.requestChange(SignedCaseChanges.signed(bus.layout().pki(), "PL-ENU", caseId, CaseChange.Kind.UPDATE,
                        grow ? three : two, grow ? two : three, UUID.randomUUID().toString()));
            }
        }
        Set<String> now = brokerCases().participants(caseId);
        CaseChangeRefusal over = refusedChange("PL-ENU", SignedCaseChanges.signed(bus.layout().pki(), "PL-ENU", caseId,
                CaseChange.Kind.UPDATE, now.size() == 2 ? three : two, now, UUID.randomUUID().toString()));
        assertEquals("case-limit", over.code(), over.reason());
    }

    // ---- No enumeration ----------------------------------------------------------------------------------

    @Test
    void shouldRefuseToListCaseTopicsWhenANodeQueriesWithAWildcard() throws Exception {
        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen("CASE-2026-430001", "NL-ENU", List.of("EUROJUST"))));
        for (String node : List.of("BE-ENU", "AUDITOR")) {
            try (HostileNode spy = new HostileNode(bus, node); ClientSession core = spy.core()) {
                assertThrows(ActiveMQException.class, () -> core.addressQuery(SimpleString.of(BusAddresses.CASE_PREFIX + "#")));
                assertThrows(ActiveMQException.class, () -> core.addressQuery(SimpleString.of(BusAddresses.caseTopic("CASE-2026-430001"))));
                assertThrows(ActiveMQException.class, () -> core.queueQuery(SimpleString.of(
                        BusAddresses.caseSubscription("EUROJUST", "CASE-2026-430001"))));
                assertThrows(ActiveMQException.class, () -> core.queueQuery(SimpleString.of(BusAddresses.deadLetter("NL-ENU"))));
            }
        }
    }

    @Test
    void shouldHideTheDepthWhenANodeQueriesAnotherNodesInbox() throws Exception {
        try (HostileNode nmt = new HostileNode(bus, "BE-NMT")) {
            for (int i = 0; i < 2; i++) {
                nmt.send("AUDITOR", s -> nmt.busMessage(s, "{}", UUID.randomUUID().toString(), new byte[8]));
            }
            try (ClientSession core = nmt.core()) {
                ClientSession.QueueQuery answer = core.queueQuery(SimpleString.of(BusAddresses.inbox("AUDITOR")));
                assertTrue(answer.isExists(), "a sender may know the inbox exists");
                assertEquals(0, answer.getMessageCount(), "but not how many messages wait in it");
                assertEquals(0, answer.getConsumerCount());
            }
        }
        try (HostileNode auditor = new HostileNode(bus, "AUDITOR"); ClientSession core = auditor.core()) {
            assertEquals(2, core.queueQuery(SimpleString.of(BusAddresses.inbox("AUDITOR"))).getMessageCount(),
                    "its owner sees its own depth");
        }
    }

    // ---- Receipts mean what they say ---------------------------------------------------------------------

    @Test
    void shouldStayUnreceiptedUntilEveryRecipientHasReceipted() throws Exception {
        bus.camel().getRouteController().stopRoute("inbox-EUROJUST");
        UUID id;
        StatusStore status = bus.node("NL-ENU").services().status();
        try {
            id = UUID.fromString(bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU",
                    List.of("BE-ENU", "EUROJUST"))));
            await().atMost(WAIT).until(() -> StatusStore.recipientsOf(status.history(id)).get("BE-ENU") == MessageStatus.RECEIPTED);
            assertEquals(MessageStatus.SENT, status.current(id).orElseThrow(), "one receipt of two is not RECEIPTED");
            assertEquals(MessageStatus.SENT, StatusStore.recipientsOf(status.history(id)).get("EUROJUST"));
        } finally {
            bus.camel().getRouteController().startRoute("inbox-EUROJUST");
        }
        await().atMost(WAIT).until(() -> status.current(id).orElseThrow() == MessageStatus.RECEIPTED);
    }

    @Test
    void shouldDeadLetterARefusalReceiptFromANodeTheMessageWasNotSentTo() throws Exception {
        UUID id = UUID.fromString(bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU",
                List.of("BE-ENU"))));
        StatusStore status = bus.node("NL-ENU").services().status();
        await().atMost(WAIT).until(() -> status.current(id).orElseThrow() == MessageStatus.RECEIPTED);
        String digest = status.digestsSentTo(id, "BE-ENU").iterator().next();
        ObjectNode receipt = receipt("EUROJUST", "NL-ENU", id, "REJECTED", digest);
        try (HostileNode eurojust = new HostileNode(bus, "EUROJUST")) {
            eurojust.sendProtected(BusAddresses.receipts("NL-ENU"), receipt);
        }
        String receiptId = HostileNode.header(receipt).messageId().toString();
        await().atMost(WAIT).until(() -> deadLetterOf("NL-ENU", receiptId) != null);
        assertTrue(deadLetterOf("NL-ENU", receiptId).get(WireHeaders.REJECT_REASON)
                .contains("did not send to EUROJUST"));
        assertEquals(MessageStatus.RECEIPTED, status.current(id).orElseThrow(), "a stranger's refusal changes nothing");
    }

    @Test
    void shouldDeadLetterAReceiptWhoseDigestIsNotOfWhatWasSent() throws Exception {
        bus.camel().getRouteController().stopRoute("inbox-BE-ENU");
        UUID id;
        StatusStore status = bus.node("NL-ENU").services().status();
        try {
            id = UUID.fromString(bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU",
                    List.of("BE-ENU"))));
            ObjectNode receipt = receipt("BE-ENU", "NL-ENU", id, "DELIVERED", Sha256.hex("something else".getBytes(StandardCharsets.UTF_8)));
            try (HostileNode be = new HostileNode(bus, "BE-ENU")) {
                be.sendProtected(BusAddresses.receipts("NL-ENU"), receipt);
            }
            String receiptId = HostileNode.header(receipt).messageId().toString();
            await().atMost(WAIT).until(() -> deadLetterOf("NL-ENU", receiptId) != null);
            assertTrue(deadLetterOf("NL-ENU", receiptId).get(WireHeaders.REJECT_REASON).contains("names digest"));
            assertEquals(MessageStatus.SENT, status.current(id).orElseThrow(), "a receipt for other bytes receipts nothing");
        } finally {
            bus.camel().getRouteController().startRoute("inbox-BE-ENU");
        }
        await().atMost(WAIT).until(() -> status.current(id).orElseThrow() == MessageStatus.RECEIPTED);
    }

    @Test
    void shouldSettleEveryMessageWhenOneSignedReceiptCoversSeveral() throws Exception {
        bus.camel().getRouteController().stopRoute("inbox-BE-ENU");
        StatusStore status = bus.node("NL-ENU").services().status();
        List<UUID> ids = new ArrayList<>();
        ObjectNode receipt;
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(UUID.fromString(bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU",
                        List.of("BE-ENU")))));
            }
            receipt = receipt("BE-ENU", "NL-ENU", ids.get(0), "DELIVERED", status.digestsSentTo(ids.get(0), "BE-ENU").iterator().next());
            alsoCovers(receipt, ids.get(1), status.digestsSentTo(ids.get(1), "BE-ENU").iterator().next());
            alsoCovers(receipt, ids.get(2), status.digestsSentTo(ids.get(2), "BE-ENU").iterator().next());
            try (HostileNode be = new HostileNode(bus, "BE-ENU")) {
                be.sendProtected(BusAddresses.receipts("NL-ENU"), receipt);
            }
            await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> status.current(id).orElseThrow() == MessageStatus.RECEIPTED));
        } finally {
            bus.camel().getRouteController().startRoute("inbox-BE-ENU");
        }
        String receiptId = HostileNode.header(receipt).messageId().toString();
        for (UUID id : ids) {
            assertTrue(status.history(id).stream().anyMatch(c -> c.status() == MessageStatus.RECEIPTED
                    && c.detail().contains(receiptId)), id + " is settled by the receipt that covers it");
        }
    }

    @Test
    void shouldRefuseABatchedReceiptWholeWhenOneMessageItCoversWasNotSentToItsSigner() throws Exception {
        bus.camel().getRouteController().stopRoute("inbox-BE-ENU");
        StatusStore status = bus.node("NL-ENU").services().status();
        UUID id;
        try {
            id = UUID.fromString(bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU",
                    List.of("BE-ENU"))));
            UUID toEurojust = UUID.fromString(bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json",
                    "NL-ENU", List.of("EUROJUST"))));
            ObjectNode receipt = receipt("BE-ENU", "NL-ENU", id, "DELIVERED", status.digestsSentTo(id, "BE-ENU").iterator().next());
            alsoCovers(receipt, toEurojust, status.digestsSentTo(toEurojust, "EUROJUST").iterator().next());
            try (HostileNode be = new HostileNode(bus, "BE-ENU")) {
                be.sendProtected(BusAddresses.receipts("NL-ENU"), receipt);
            }
            String receiptId = HostileNode.header(receipt).messageId().toString();
            await().atMost(WAIT).until(() -> deadLetterOf("NL-ENU", receiptId) != null);
            assertTrue(deadLetterOf("NL-ENU", receiptId).get(WireHeaders.REJECT_REASON).contains("did not send to BE-ENU"));
            assertEquals(MessageStatus.SENT, status.current(id).orElseThrow(),
                    "a receipt is accepted whole or not at all: its genuine part settles nothing either");
        } finally {
            bus.camel().getRouteController().startRoute("inbox-BE-ENU");
        }
        await().atMost(WAIT).until(() -> status.current(id).orElseThrow() == MessageStatus.RECEIPTED);
    }

    @Test
    void shouldRefuseABatchedReceiptWhoseLaterDigestIsNotOfWhatWasSent() throws Exception {
        bus.camel().getRouteController().stopRoute("inbox-BE-ENU");
        StatusStore status = bus.node("NL-ENU").services().status();
        List<UUID> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                ids.add(UUID.fromString(bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU",
                        List.of("BE-ENU")))));
            }
            ObjectNode receipt = receipt("BE-ENU", "NL-ENU", ids.get(0), "DELIVERED",
                    status.digestsSentTo(ids.get(0), "BE-ENU").iterator().next());
            alsoCovers(receipt, ids.get(1), Sha256.hex("something else".getBytes(StandardCharsets.UTF_8)));
            try (HostileNode be = new HostileNode(bus, "BE-ENU")) {
                be.sendProtected(BusAddresses.receipts("NL-ENU"), receipt);
            }
            String receiptId = HostileNode.header(receipt).messageId().toString();
            await().atMost(WAIT).until(() -> deadLetterOf("NL-ENU", receiptId) != null);
            assertTrue(deadLetterOf("NL-ENU", receiptId).get(WireHeaders.REJECT_REASON).contains("names digest"));
            assertTrue(ids.stream().allMatch(id -> status.current(id).orElseThrow() == MessageStatus.SENT));
        } finally {
            bus.camel().getRouteController().startRoute("inbox-BE-ENU");
        }
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> status.current(id).orElseThrow() == MessageStatus.RECEIPTED));
    }

    @Test
    void shouldRefuseAReceiptThatCoversOneMessageTwice() throws Exception {
        UUID id = UUID.fromString(bus.node("NL-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU",
                List.of("BE-ENU"))));
        StatusStore status = bus.node("NL-ENU").services().status();
        await().atMost(WAIT).until(() -> status.current(id).orElseThrow() == MessageStatus.RECEIPTED);
        String digest = status.digestsSentTo(id, "BE-ENU").iterator().next();
        ObjectNode receipt = receipt("BE-ENU", "NL-ENU", id, "DELIVERED", digest);
        alsoCovers(receipt, id, digest); // the schema cannot see it: inReplyTo and alsoCovers name the same message
        try (HostileNode be = new HostileNode(bus, "BE-ENU")) {
            be.sendProtected(BusAddresses.receipts("NL-ENU"), receipt);
        }
        String receiptId = HostileNode.header(receipt).messageId().toString();
        await().atMost(WAIT).until(() -> deadLetterOf("NL-ENU", receiptId) != null);
        assertTrue(deadLetterOf("NL-ENU", receiptId).get(WireHeaders.REJECT_REASON).contains("twice"));
    }

    @Test
    void shouldDeadLetterAReceiptSentToAnInboxPastTheChannelRules() throws Exception {
        // A national team may not address Europol; a "receipt" in Europol's inbox would skip that rule.
        ObjectNode receipt = receipt("NL-NMT", "EUROPOL", UUID.randomUUID(), "DELIVERED", Sha256.hex(new byte[1]));
        try (HostileNode nmt = new HostileNode(bus, "NL-NMT")) {
            nmt.sendProtected("EUROPOL", receipt);
        }
        String id = HostileNode.header(receipt).messageId().toString();
        await().atMost(WAIT).until(() -> deadLetterOf("EUROPOL", id) != null);
        assertTrue(deadLetterOf("EUROPOL", id).get(WireHeaders.REJECT_REASON).contains("receipts go to its receipts queue"));
        assertFalse(Files.exists(bus.layout().delivered("EUROPOL").resolve(id + ".json")));
    }

    // ---- Replay protection keyed by signer and id -----------------------------------------------------------

    @Test
    void shouldAcceptTheGenuineReceiptWhenAnotherNodeTookItsDerivableIdFirst() throws Exception {
        bus.camel().getRouteController().stopRoute("inbox-EUROPOL");
        UUID id;
        StatusStore status = bus.node("BE-ENU").services().status();
        try {
            id = UUID.fromString(bus.node("BE-ENU").submit(TestMessages.freshBytes("intelligence-report-1.json", "BE-ENU",
                    List.of("EUROPOL"))));
            UUID receiptId = DeliveryReceipts.deliveredId("EUROPOL", id, status.digestsSentTo(id, "EUROPOL").iterator().next());
            // EUROJUST sends BE-ENU a message under the id EUROPOL's receipt will have.
            ObjectNode squat = TestMessages.fresh("intelligence-report-1.json", "EUROJUST", List.of("BE-ENU"));
            ((ObjectNode) squat.get("header")).put("messageId", receiptId.toString());
            bus.node("EUROJUST").submit(TestMessages.bytes(squat));
            await().atMost(WAIT).until(() -> Files.exists(bus.layout().delivered("BE-ENU").resolve(receiptId + ".json")));
        } finally {
            bus.camel().getRouteController().startRoute("inbox-EUROPOL");
        }
        await().atMost(WAIT).until(() -> status.current(id).orElseThrow() == MessageStatus.RECEIPTED);
    }

    // ---- Reasons never carry payload content --------------------------------------------------------------

    @Test
    void shouldKeepPayloadContentOutOfEveryReasonWhenAReceivedPayloadIsInvalid() throws Exception {
        ObjectNode enumBroken = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        ((ObjectNode) enumBroken.get("payload")).putArray("exploitationForms").add(MARKER);
        ObjectNode extraProperty = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        ((ObjectNode) extraProperty.get("payload")).put(MARKER, "x");
        List<String> ids = new ArrayList<>();
        try (HostileNode nmt = new HostileNode(bus, "NL-NMT")) {
            for (ObjectNode doc : List.of(enumBroken, extraProperty)) {
                nmt.sendProtected("NL-ENU", doc); // signed and encrypted, but never validated by its own gateway
                ids.add(HostileNode.header(doc).messageId().toString());
            }
            ObjectNode notJson = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
            MessageHeader header = HostileNode.header(notJson);
            byte[] body = bus.node("NL-NMT").services().protector().protect(header, ("{\"title\": " + MARKER).getBytes(StandardCharsets.UTF_8));
            nmt.send("NL-ENU", s -> nmt.busMessage(s, HostileNode.headerJson(header), header.messageId().toString(), body));
            ids.add(header.messageId().toString());
        }
        for (String id : ids) {
            await().atMost(WAIT).until(() -> deadLetterOf("NL-ENU", id) != null);
            Map<String, String> dead = deadLetterOf("NL-ENU", id);
            assertEquals("invalid-payload", dead.get(WireHeaders.REJECT_CODE));
            assertFalse(dead.get(WireHeaders.REJECT_REASON).contains(MARKER), dead.get(WireHeaders.REJECT_REASON));
        }
        assertTrue(records("NL-ENU").stream().noneMatch(r -> r.reason() != null && r.reason().contains(MARKER)));
        try (Stream<Path> files = Files.walk(bus.layout().audit("NL-ENU"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(MARKER), file.toString());
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** Puts a message straight into a queue on the broker's side, past every check the broker makes on sends. */
    static void deliverPastTheBroker(String queue, byte type, byte[] body, Map<String, String> properties) throws Exception {
        ActiveMQServer server = bus.embeddedBroker().orElseThrow().server();
        CoreMessage m = new CoreMessage(server.getStorageManager().generateID(), body.length + 1024);
        m.setType(type);
        m.getBodyBuffer().writeBytes(body);
        properties.forEach(m::putStringProperty);
        m.setAddress(queue);
        m.setDurable(false); // in memory: a test body above the journal's record size needs no large-message file
        m.setTimestamp(System.currentTimeMillis());
        server.getPostOffice().route(m, false);
    }

    /** An ObjectMessage's body as the JMS client writes it: the length, then the serialized object. */
    static byte[] serializedObjectBody(Serializable object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        byte[] data = bytes.toByteArray();
        return java.nio.ByteBuffer.allocate(4 + data.length).putInt(data.length).put(data).array();
    }

    static ObjectNode receipt(String by, String to, UUID about, String outcome, String digest) {
        MessageHeader header = new MessageHeader(UUID.randomUUID(), MessageType.DELIVERY_RECEIPT,
                MessageType.DELIVERY_RECEIPT.latestVersion(), by, List.of(to), null, null, about, Instant.now(), null,
                HandlingCode.H0, Classification.BASIC, null, null);
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.set("header", eu.bus.message.HeaderCodec.toJson(header));
        ObjectNode payload = doc.putObject("payload");
        payload.put("receivedBy", by).put("receivedAt", Instant.now().toString()).put("outcome", outcome);
        if (!"DELIVERED".equals(outcome)) {
            payload.put("reason", "refused");
        }
        payload.putObject("digest").put("algorithm", "SHA-256").put("value", digest);
        return doc;
    }

    /** Adds a message to what a receipt of delivery covers (delivery-receipt 1.1). */
    static void alsoCovers(ObjectNode receipt, UUID message, String digest) {
        ObjectNode payload = (ObjectNode) receipt.get("payload");
        com.fasterxml.jackson.databind.node.ArrayNode more = payload.has("alsoCovers") ? (com.fasterxml.jackson.databind.node.ArrayNode)
                payload.get("alsoCovers") : payload.putArray("alsoCovers");
        ObjectNode covered = more.addObject().put("messageId", message.toString());
        covered.putObject("digest").put("algorithm", "SHA-256").put("value", digest);
    }

    static MessageHeader withCreatedAt(MessageHeader h, Instant createdAt) {
        return new MessageHeader(h.messageId(), h.messageType(), h.schemaVersion(), h.sender(), h.recipients(), h.caseId(),
                h.replyTo(), h.inReplyTo(), createdAt, h.expiresAt(), h.handlingCode(), h.classification(), h.evaluation(),
                h.providerRestrictions());
    }

    static CaseChangeRefusal refusedChange(String as, CaseChange change) throws Exception {
        try (HostileNode node = new HostileNode(bus, as)) {
            JMSException refused = assertThrows(JMSException.class, () -> node.requestChange(change));
            return CaseChangeRefusal.find(refused).orElseThrow(() -> new AssertionError("not a case refusal: " + refused));
        }
    }

    static eu.bus.broker.CaseParticipants brokerCases() {
        return bus.embeddedBroker().orElseThrow().cases();
    }

    static Queue queue(String name) {
        return bus.embeddedBroker().orElseThrow().server().locateQueue(SimpleString.of(name));
    }

    static org.apache.activemq.artemis.api.core.Message deadLetterCore(String node, String messageId) {
        try (LinkedListIterator<MessageReference> it = queue(BusAddresses.deadLetter(node)).browserIterator()) {
            while (it.hasNext()) {
                org.apache.activemq.artemis.api.core.Message m = it.next().getMessage();
                if (messageId.equals(String.valueOf(m.getStringProperty(WireHeaders.MESSAGE_ID)))) {
                    return m;
                }
            }
        }
        return null;
    }

    /** The bus properties of a message's dead-letter copy, or null while there is none. */
    static Map<String, String> deadLetterOf(String node, String messageId) {
        org.apache.activemq.artemis.api.core.Message core = deadLetterCore(node, messageId);
        if (core == null) {
            return null;
        }
        Map<String, String> properties = new java.util.HashMap<>();
        for (SimpleString name : core.getPropertyNames()) {
            Object value = core.getObjectProperty(name);
            if (value != null) {
                properties.put(name.toString(), value.toString());
            }
        }
        return properties;
    }

    static List<AuditRecord> records(String node) {
        return AUDIT.of(node);
    }

    static boolean audited(String node, AuditEvent event, String reasonPart) {
        return AUDIT.has(node, event, reasonPart);
    }

    static ArchivedMessage archiveOf(String node, UUID messageId) {
        return bus.node(node).services().archive().list().stream().filter(m -> m.header().messageId().equals(messageId))
                .findFirst().orElseThrow();
    }

    static boolean emptyDirectory(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }
}
