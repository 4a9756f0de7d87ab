package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.broker.BusAddresses;
import eu.bus.broker.CaseChange;
import eu.bus.broker.SignedCaseChanges;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case participants over the broker's control address, with the real embedded broker (TLS,
 * persistence on): the broker decides every change, each node keeps its own view.
 */
class CaseParticipationTest {

    static final List<String> NODES = List.of("NL-ENU", "BE-ENU", "EUROJUST", "EUROPOL", "NL-NMT");
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static BusNetwork bus;
    static final List<BrokerSender> SENDERS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
        bus = BusNetwork.start(layout, NODES, Clock.systemUTC(), audit -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        SENDERS.forEach(BrokerSender::close);
        bus.close();
    }

    /** The control step alone, as a node's gateway takes it (to stand in for a crash or a bypassed gateway). */
    static CaseControl controlAs(String node) {
        BrokerSender sender = new BrokerSender(BrokerSender.confirming(factoryAs(node)));
        SENDERS.add(sender);
        return new CaseControl(sender);
    }

    /** Straight to the broker with the node's own key store. */
    static ActiveMQConnectionFactory factoryAs(String node) {
        return bus.broker().connectionFactory(ProtectedKeyStore.ofNode(bus.layout().pki(), node, KeyPurpose.SIGNING));
    }

    static Path delivered(String node, String id) {
        return bus.layout().delivered(node).resolve(id + ".json");
    }

    static String idOf(ObjectNode doc) {
        return doc.path("header").path("messageId").asText();
    }

    @Test
    void shouldAcceptExactlyOneWhenTwoNodesOpenTheSameCaseAtOnce() {
        String caseId = "CASE-2026-100001";
        byte[] byNl = TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROJUST")));
        byte[] byBe = TestMessages.bytes(TestMessages.caseOpen(caseId, "BE-ENU", List.of("EUROJUST", "EUROPOL")));
        CompletableFuture<String> nl = CompletableFuture.supplyAsync(() -> bus.node("NL-ENU").submit(byNl));
        CompletableFuture<String> be = CompletableFuture.supplyAsync(() -> bus.node("BE-ENU").submit(byBe));

        List<Throwable> refused = new ArrayList<>();
        for (CompletableFuture<String> open : List.of(nl, be)) {
            try {
                open.join();
            } catch (CompletionException e) {
                refused.add(e.getCause());
            }
        }
        assertEquals(1, refused.size(), "exactly one case-open must win");
        SubmissionRejectedException loser = assertInstanceOf(SubmissionRejectedException.class, refused.get(0));
        assertEquals("case-exists", loser.rule());
        assertTrue(loser.getMessage().contains("case " + caseId + " is already open"), loser.getMessage());

        Set<String> winner = nl.isCompletedExceptionally() ? Set.of("BE-ENU", "EUROJUST", "EUROPOL") : Set.of("NL-ENU", "EUROJUST");
        assertEquals(winner, brokerCases(bus).participants(caseId));
        await().atMost(WAIT).until(() -> bus.node("EUROJUST").services().cases().participants(caseId).equals(winner));
    }

    @Test
    void shouldRefuseWithTheReasonWhenANonParticipantUpdatesACase() {
        String caseId = "CASE-2026-100002";
        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROJUST"))));

        // BE-ENU's own gateway would refuse first (it knows no such case); the broker must refuse all the same.
        CaseChange joinUninvited = SignedCaseChanges.signed(bus.layout().pki(), "BE-ENU", caseId, CaseChange.Kind.UPDATE, Set.of("NL-ENU", "EUROJUST", "BE-ENU"),
                Set.of("NL-ENU", "EUROJUST"), UUID.randomUUID().toString());
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> controlAs("BE-ENU").request(joinUninvited));
        assertEquals("case-participant", e.rule());
        assertTrue(e.getMessage().contains("BE-ENU is not a participant of case " + caseId + ", so it cannot update it"),
                e.getMessage());
        assertEquals(Set.of("NL-ENU", "EUROJUST"), brokerCases(bus).participants(caseId));
    }

    @Test
    void shouldRefuseEveryFurtherMessageAboutTheCaseWhenItIsClosed() {
        String caseId = "CASE-2026-100010";
        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROJUST"))));
        await().atMost(WAIT).until(() -> bus.node("EUROJUST").services().cases().exists(caseId));
        ObjectNode closeDoc = TestMessages.caseClose(caseId, "NL-ENU", List.of("EUROJUST"));
        String close = bus.node("NL-ENU").submit(TestMessages.bytes(closeDoc));
        await().atMost(WAIT).until(() -> Files.exists(delivered("EUROJUST", close)));
        assertTrue(brokerCases(bus).isClosed(caseId));
        assertTrue(bus.node("EUROJUST").services().cases().isClosed(caseId), "the receiver's view follows the close");

        for (String node : List.of("NL-ENU", "EUROJUST")) {
            String other = node.equals("NL-ENU") ? "EUROJUST" : "NL-ENU";
            SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                    () -> bus.node(node).submit(TestMessages.bytes(TestMessages.aboutCase(caseId, node, List.of(other)))));
            assertEquals("case-closed", e.rule(), node + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("closed by message " + close), e.getMessage());
        }
        // The close itself may be resubmitted (a retry after a crash) and is answered, not refused.
        assertEquals(close, bus.node("NL-ENU").submit(TestMessages.bytes(closeDoc)));
        assertEquals(Set.of("NL-ENU", "EUROJUST"), brokerCases(bus).participants(caseId), "who took part stays on record");
    }

    @Test
    void shouldRefuseTopicSendsAndChangesAtTheBrokerWhenTheCaseIsClosed() throws Exception {
        String caseId = "CASE-2026-100011";
        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROJUST"))));
        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseClose(caseId, "NL-ENU", List.of("EUROJUST"))));

        // Past the gateways: straight to the broker, as a participant.
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class, () -> controlAs("NL-ENU").request(SignedCaseChanges.signed(bus.layout().pki(), "NL-ENU", caseId, CaseChange.Kind.UPDATE, Set.of("NL-ENU", "EUROJUST", "BE-ENU"), Set.of("NL-ENU", "EUROJUST"),
                        UUID.randomUUID().toString())));
        assertEquals("case-closed", e.rule(), e.getMessage());
        try (ActiveMQConnectionFactory factory = factoryAs("NL-ENU");
             jakarta.jms.Connection connection = factory.createConnection()) {
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageProducer producer = session.createProducer(session.createTopic(BusAddresses.caseTopic(caseId)));
            assertThrows(jakarta.jms.JMSSecurityException.class, () -> producer.send(session.createBytesMessage()));
        }
    }

    @Test
    void shouldRefuseACaseIdWithWildcardsWhenItWouldReachEveryCaseTopic() throws Exception {
        // "#" would make the subscription queue bus.case.# match every case topic on the broker.
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class, () -> controlAs("NL-ENU").request(SignedCaseChanges.signed(bus.layout().pki(), "NL-ENU", "#", CaseChange.Kind.OPEN, Set.of("NL-ENU"), Set.of(), UUID.randomUUID().toString())));
        assertEquals("case-change-invalid", e.rule(), e.getMessage());
        try (ActiveMQConnectionFactory factory = factoryAs("NL-ENU");
             jakarta.jms.Connection connection = factory.createConnection()) {
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            assertThrows(jakarta.jms.JMSSecurityException.class, () -> session.createSharedDurableConsumer(
                    session.createTopic(BusAddresses.CASE_PREFIX + "#"), BusAddresses.caseSubscription("NL-ENU", "#"),
                    BusAddresses.caseSubscriptionFilter("NL-ENU")));
        }
    }

    @Test
    void shouldRefuseAnotherNodeReusingTheLastChangeIdWhenItIsNotAParticipant() {
        String caseId = "CASE-2026-100020";
        ObjectNode open = TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROJUST"));
        bus.node("NL-ENU").submit(TestMessages.bytes(open));

        // BE-ENU names the open's id and the exact participants, as a retry by NL-ENU would: not a retry for it.
        SubmissionRejectedException close = assertThrows(SubmissionRejectedException.class, () -> controlAs("BE-ENU").request(SignedCaseChanges.signed(bus.layout().pki(), "BE-ENU", caseId, CaseChange.Kind.CLOSE, Set.of("NL-ENU", "EUROJUST"), Set.of("NL-ENU", "EUROJUST"), idOf(open))));
        assertEquals("case-participant", close.rule(), close.getMessage());
        SubmissionRejectedException reopen = assertThrows(SubmissionRejectedException.class, () -> controlAs("BE-ENU").request(SignedCaseChanges.signed(bus.layout().pki(), "BE-ENU", caseId, CaseChange.Kind.OPEN, Set.of("BE-ENU"), Set.of(), UUID.randomUUID().toString())));
        assertEquals("case-exists", reopen.rule());
        assertTrue(!reopen.getMessage().contains(idOf(open)), "a refusal gives no message id away: " + reopen.getMessage());
        assertTrue(!brokerCases(bus).isClosed(caseId));
    }

    @Test
    void shouldRefuseANationalTeamRunningACaseWhenItAsksTheBrokerDirectly() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class, () -> controlAs("NL-NMT").request(SignedCaseChanges.signed(bus.layout().pki(), "NL-NMT", "CASE-2026-100021", CaseChange.Kind.OPEN, Set.of("NL-NMT", "EUROPOL"), Set.of(),
                        UUID.randomUUID().toString())));
        assertEquals("case-running", e.rule(), e.getMessage());
        assertTrue(!brokerCases(bus).exists("CASE-2026-100021"));
    }

    @Test
    void shouldRejectAndRecordWhenTheBrokerRefusesACopyBecauseTheNodesViewIsBehind() {
        String caseId = "CASE-2026-100022";
        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROJUST", "BE-ENU"))));
        await().atMost(WAIT).until(() -> bus.node("EUROJUST").services().cases().exists(caseId));
        // The case is closed at the broker; EUROJUST has not received the close yet.
        brokerCases(bus).set(caseId, Set.of("NL-ENU", "EUROJUST", "BE-ENU"),
                new eu.bus.broker.CaseParticipants.Change(UUID.randomUUID().toString(), "NL-ENU", CaseChange.Kind.CLOSE));

        ObjectNode late = TestMessages.aboutCase(caseId, "EUROJUST", List.of("NL-ENU", "BE-ENU"));
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> bus.node("EUROJUST").submit(TestMessages.bytes(late)));
        assertEquals("broker-refused", e.rule(), e.getMessage());
        assertEquals(MessageStatus.REJECTED,
                bus.node("EUROJUST").services().status().current(UUID.fromString(idOf(late))).orElseThrow());
    }

    @Test
    void shouldAcceptTheResubmissionWhenTheSameCaseOpenIsRetried() {
        String caseId = "CASE-2026-100003";
        ObjectNode open = TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROJUST"));
        // NL-ENU had the broker apply the change, then crashed before sending the copies.
        controlAs("NL-ENU").request(SignedCaseChanges.signed(bus.layout().pki(), "NL-ENU", CaseChange.Kind.OPEN,
                Set.of("NL-ENU", "EUROJUST"), Set.of(), eu.bus.message.HeaderCodec.fromJson(open.get("header"))));

        String id = bus.node("NL-ENU").submit(TestMessages.bytes(open));
        await().atMost(WAIT).until(() -> Files.exists(delivered("EUROJUST", id)));
        assertEquals(Set.of("NL-ENU", "EUROJUST"), bus.node("NL-ENU").services().cases().participants(caseId));

        // Once more after everything went through: still accepted, and the broker keeps one copy.
        assertEquals(id, bus.node("NL-ENU").submit(TestMessages.bytes(open)));
        assertEquals(idOf(open), brokerCases(bus).lastChange(caseId));
    }

    @Test
    void shouldMoveUnreadCaseMessagesToTheInboxWhenAParticipantIsRemoved() throws Exception {
        String caseId = "CASE-2026-100004";
        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("BE-ENU", "EUROJUST"))));
        String route = NodeRoutes.caseRouteId("BE-ENU", caseId);
        await().atMost(WAIT).until(() -> bus.camel().getRoute(route) != null);
        bus.camel().getRouteController().stopRoute(route);

        ObjectNode onTopic = TestMessages.aboutCase(caseId, "NL-ENU", List.of("BE-ENU", "EUROJUST"));
        String unread = bus.node("NL-ENU").submit(TestMessages.bytes(onTopic));
        String subscription = BusAddresses.caseSubscription("BE-ENU", caseId);
        await().atMost(WAIT).until(() -> queue(subscription) != null && queue(subscription).getMessageCount() == 1);

        bus.node("NL-ENU").submit(TestMessages.bytes(
                TestMessages.caseRemoval(caseId, "NL-ENU", List.of("BE-ENU", "EUROJUST"), List.of("BE-ENU"))));
        assertNull(queue(subscription), "the removed participant's subscription is dropped");
        // Published while BE-ENU participated and encrypted for it: it arrives through its inbox instead.
        await().atMost(WAIT).until(() -> Files.exists(delivered("BE-ENU", unread)));
        await().atMost(WAIT).until(() -> !bus.node("BE-ENU").services().cases().isParticipant(caseId, "BE-ENU"));
        assertNull(bus.camel().getRoute(route), "BE-ENU stops following the case it left");
    }

    private static Queue queue(String name) {
        return ((eu.bus.broker.EmbeddedBroker) bus.broker()).server().locateQueue(SimpleString.of(name));
    }

    @Test
    void shouldKeepTheBrokerAndNodeViewsWhenTheBusRestarts(@TempDir Path restartDir) throws Exception {
        BusLayout layout = new BusLayout(restartDir);
        DevPki.init(layout.pki(), NODES);
        String caseId = "CASE-2026-100005";
        Set<String> participants = Set.of("NL-ENU", "EUROJUST");
        try (BusNetwork first = BusNetwork.start(layout, NODES, Clock.systemUTC(), audit -> { })) {
            first.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROJUST"))));
            await().atMost(WAIT).until(() -> first.node("EUROJUST").services().cases().exists(caseId));
        }
        assertTrue(Files.exists(layout.broker().resolve("case-participants.json")));
        assertTrue(Files.exists(layout.caseView("NL-ENU")));
        assertTrue(Files.exists(layout.caseView("EUROJUST")));

        try (BusNetwork second = BusNetwork.start(layout, NODES, Clock.systemUTC(), audit -> { })) {
            assertEquals(participants, brokerCases(second).participants(caseId));
            assertEquals(participants, second.node("NL-ENU").services().cases().participants(caseId));
            assertEquals(participants, second.node("EUROJUST").services().cases().participants(caseId));
            assertEquals(Set.of(), second.node("BE-ENU").services().cases().participants(caseId));
            // Both resume following the case: a topic message reaches the other participant.
            String id = second.node("NL-ENU").submit(TestMessages.bytes(TestMessages.aboutCase(caseId, "NL-ENU", List.of("EUROJUST"))));
            await().atMost(WAIT).until(() -> Files.exists(second.layout().delivered("EUROJUST").resolve(id + ".json")));
        }
    }

    /** The broker's authoritative list (the embedded broker of these tests). */
    private static eu.bus.broker.CaseParticipants brokerCases(BusNetwork network) {
        return ((eu.bus.broker.EmbeddedBroker) network.broker()).cases();
    }
}
