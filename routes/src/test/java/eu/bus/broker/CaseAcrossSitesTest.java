package eu.bus.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.TestMessages;
import eu.bus.keys.DevPki;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.keys.RegisteredNode;
import eu.bus.message.Json;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case whose participants are at different sites, each site a stock broker linked to the other: NL-ENU and EUROPOL
 * connect to NL's broker (the registry places this EUROPOL node at NL), BE-ENU to BE's. NL-ENU opens the case; BE's
 * broker takes NL's decision from the case-open its link hands over, so BE-ENU follows the case at its own broker;
 * what one site's participant publishes on the case topic reaches the other site's participants through their inboxes
 * (a divert at the publisher's broker, then the link); a removed participant gets nothing published after its removal;
 * a participant leaving from its own site is decided there and taken by the lead's site.
 * A link handing over a lifecycle message without a broker's decision is refused; one whose decision breaks the case
 * rules on the receiving broker's record is not taken.
 */
class CaseAcrossSitesTest {

    static final List<String> NODES = List.of("NL-ENU", "BE-ENU", "EUROPOL");
    static final String CASE = "CASE-2026-300001";
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Process nlBroker;
    Process beBroker;

    @AfterEach
    void stop() throws Exception {
        StockSites.stop(nlBroker);
        StockSites.stop(beBroker);
    }

    @Test
    void shouldCarryACaseBetweenParticipantsAtTwoSitesAndStopAtTheRemovalOfOne() throws Exception {
        StockSites sites = new StockSites(dir);
        BusLayout layout = new BusLayout(dir.resolve("work"));
        DevPki pki = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
        pki.create(layout.pki(), NODES).with(RegisteredNode.of("EUROPOL", new PkiLayout(layout.pki()), "NL")).save();
        StockSites.TwoSites two = sites.twoSites(layout, pki);
        nlBroker = sites.start(two.nl(), StockSites.password(layout, "NL"), "nl");
        beBroker = sites.start(two.be(), StockSites.password(layout, "BE"), "be");
        sites.awaitListening(nlBroker, two.nlPort(), "nl");
        sites.awaitListening(beBroker, two.bePort(), "be");
        try (BusNetwork atNl = BusNetwork.startExternal(layout, List.of("NL-ENU", "EUROPOL"),
                new BrokerAddress("127.0.0.1", two.nlPort()), Clock.systemUTC(), audit -> { });
             BusNetwork atBe = BusNetwork.startExternal(layout, List.of("BE-ENU"), new BrokerAddress("127.0.0.1", two.bePort()),
                     Clock.systemUTC(), audit -> { })) {
            atNl.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(CASE, "NL-ENU", List.of("BE-ENU", "EUROPOL"))));
            sites.awaitOrShowLogs(WAIT, () -> atBe.node("BE-ENU").services().cases().isParticipant(CASE, "BE-ENU"), "nl", "be");

            // NL-ENU publishes on the case topic at NL: EUROPOL reads it there, BE-ENU gets it at BE, and receipts it.
            String fromNl = publish(atNl, "NL-ENU", List.of("BE-ENU", "EUROPOL"));
            sites.awaitOrShowLogs(WAIT, () -> delivered(layout, "BE-ENU", fromNl) && delivered(layout, "EUROPOL", fromNl)
                    && receipted(atNl, "NL-ENU", fromNl), "nl", "be");

            // BE-ENU publishes on the case topic at BE, which knows the case from NL's decision: both NL nodes get it.
            String fromBe = publish(atBe, "BE-ENU", List.of("EUROPOL", "NL-ENU"));
            sites.awaitOrShowLogs(WAIT, () -> delivered(layout, "NL-ENU", fromBe) && delivered(layout, "EUROPOL", fromBe)
                    && receipted(atBe, "BE-ENU", fromBe), "nl", "be");

            // The lead removes BE-ENU: what NL-ENU publishes afterwards reaches EUROPOL only.
            atNl.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseRemoval(CASE, "NL-ENU", List.of("BE-ENU", "EUROPOL"),
                    List.of("BE-ENU"))));
            sites.awaitOrShowLogs(WAIT, () -> !atBe.node("BE-ENU").services().cases().isParticipant(CASE, "BE-ENU"), "nl", "be");
            String afterRemoval = publish(atNl, "NL-ENU", List.of("EUROPOL"));
            sites.awaitOrShowLogs(WAIT, () -> receipted(atNl, "NL-ENU", afterRemoval), "nl", "be");
            // A copy for BE-ENU would have crossed the link by now (a case message crosses within a second here), and its
            // node would have recorded it, if only to refuse it (it is no recipient): nothing in its audit log.
            Thread.sleep(3_000);
            assertTrue(delivered(layout, "EUROPOL", afterRemoval));
            assertTrue(audited(layout, "BE-ENU", fromNl), "BE-ENU's audit log names the messages that reached it");
            assertFalse(audited(layout, "BE-ENU", afterRemoval), "a removed participant gets nothing published after its removal");

            // A participant leaves from its own site: BE's broker decides it, NL's broker and nodes take BE's decision.
            String other = "CASE-2026-300003";
            atNl.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(other, "NL-ENU", List.of("BE-ENU", "EUROPOL"))));
            sites.awaitOrShowLogs(WAIT, () -> atBe.node("BE-ENU").services().cases().isParticipant(other, "BE-ENU"), "nl", "be");
            atBe.node("BE-ENU").submit(TestMessages.bytes(TestMessages.caseRemoval(other, "BE-ENU", List.of("EUROPOL", "NL-ENU"),
                    List.of("BE-ENU"))));
            sites.awaitOrShowLogs(WAIT, () -> atNl.node("NL-ENU").services().cases().participants(other)
                    .equals(Set.of("NL-ENU", "EUROPOL")), "nl", "be");
            CaseParticipants nlRecord = CaseParticipants.open(two.nl().resolve("data").resolve("case-participants.json"));
            assertEquals(Set.of("NL-ENU", "EUROPOL"), nlRecord.participants(other), "NL's broker took BE's decision");
            assertEquals(2, nlRecord.seq(other));
            assertEquals("BE-ENU", nlRecord.last(other).orElseThrow().by());

            // Witnessing crosses the link too: NL-ENU's witnesses are EUROPOL (at NL) and BE-ENU (at BE); both cosign its
            // latest checkpoint, the request and the answer each crossing the link between the two stock brokers.
            long size = atNl.node("NL-ENU").services().audit().checkpoint().orElseThrow().treeSize();
            sites.awaitOrShowLogs(WAIT, () -> atNl.witnessing().of("NL-ENU").round().isEmpty()
                    && atBe.witnessing().witness("BE-ENU").state().latest(eu.bus.witness.CheckpointNote.originOf("NL-ENU"))
                    .map(n -> eu.bus.witness.CheckpointNote.parse(n.text()).size() >= size).orElse(false), "nl", "be");
        }

        // A link handing over a case-open that no broker decided (no stamp), or one for a wildcard, is refused. A stamped decision that breaks
        // the case rules on BE's record (a close by a participant that is not the lead), or names another lead, is
        // delivered (its recipients refuse it) but not taken: BE's record of the case stays as NL's decisions left it.
        Path beRecord = two.be().resolve("data").resolve("case-participants.json");
        long seq = CaseParticipants.open(beRecord).seq(CASE);
        assertEquals(2, seq, "BE's broker took NL's opening and removal");
        try (Connection link = linkOf(layout, "NL", two.bePort())) {
            JMSSecurityException unstamped = assertThrows(JMSSecurityException.class,
                    () -> handOver(link, "BE-ENU", TestMessages.caseOpen("CASE-2026-300002", "NL-ENU", List.of("BE-ENU")), null));
            assertTrue(unstamped.getMessage().contains("carries no decision"), unstamped.getMessage());
            JMSSecurityException wildcard = assertThrows(JMSSecurityException.class,
                    () -> handOver(link, "BE-ENU", TestMessages.caseOpen("#", "NL-ENU", List.of("BE-ENU")),
                            new CaseDecision(CaseChange.Kind.OPEN, 1, "NL-ENU", Set.of("BE-ENU", "NL-ENU")).toProperty()));
            assertTrue(wildcard.getMessage().contains("'#' is not a case id"), wildcard.getMessage());
            handOver(link, "BE-ENU", TestMessages.caseClose(CASE, "EUROPOL", List.of("BE-ENU", "NL-ENU")),
                    new CaseDecision(CaseChange.Kind.CLOSE, seq + 1, "NL-ENU", Set.of("EUROPOL", "NL-ENU")).toProperty());
            // By the lead, within the rules, but naming another lead.
            handOver(link, "BE-ENU", TestMessages.caseRemoval(CASE, "NL-ENU", List.of("BE-ENU", "EUROPOL"), List.of()),
                    new CaseDecision(CaseChange.Kind.UPDATE, seq + 1, "EUROPOL", Set.of("EUROPOL", "NL-ENU")).toProperty());
        }
        CaseParticipants record = CaseParticipants.open(beRecord);
        assertEquals(seq, record.seq(CASE));
        assertFalse(record.isClosed(CASE));
        assertEquals("NL-ENU", record.lead(CASE));
        assertFalse(record.exists("CASE-2026-300002"));
        assertFalse(record.exists("#"));
    }

    private static String publish(BusNetwork network, String sender, List<String> others) {
        return network.node(sender).submit(TestMessages.bytes(TestMessages.aboutCase(CASE, sender, others)));
    }

    private static boolean delivered(BusLayout layout, String node, String id) {
        return Files.exists(layout.delivered(node).resolve(id + ".json"));
    }

    /** Whether any record of the node's audit log names the message. */
    private static boolean audited(BusLayout layout, String node, String id) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(layout.audit(node))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).contains(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean receipted(BusNetwork network, String sender, String id) {
        return network.node(sender).services().status().current(UUID.fromString(id)).orElse(null) == MessageStatus.RECEIPTED;
    }

    /** A client with a site's broker identity, as that site's core bridge connects. */
    private static Connection linkOf(BusLayout layout, String site, int port) throws JMSException {
        Connection connection = BrokerTransport.factory("127.0.0.1", port, ProtectedKeyStore.ofServer(layout.pki(),
                SiteLinks.identity(site)), new PkiLayout(layout.pki()).caCertificate())
                .createConnection(SiteLinks.identity(site), "certificate");
        connection.start();
        return connection;
    }

    /** Hands over a lifecycle message's wire form (its clear header; a body that is no CMS, unread by the broker). */
    private static void handOver(Connection link, String recipient, ObjectNode doc, String stamp) throws Exception {
        ObjectNode header = (ObjectNode) doc.get("header");
        Session s = link.createSession(false, Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.BytesMessage m = s.createBytesMessage();
        m.writeBytes(new byte[] {1});
        m.setStringProperty(WireProperties.HEADER, Json.mapper().writeValueAsString(header));
        m.setStringProperty(WireProperties.MESSAGE_ID, header.path("messageId").asText());
        m.setStringProperty(WireProperties.SENDER, header.path("sender").asText());
        m.setStringProperty(WireProperties.CASE_ID, header.path("caseId").asText());
        m.setStringProperty(WireProperties.DUPLICATE_ID, header.path("sender").asText() + ":" + header.path("messageId").asText());
        if (stamp != null) {
            m.setStringProperty(CaseDecision.PROPERTY, stamp);
        }
        s.createProducer(s.createQueue(BusAddresses.inbox(recipient))).send(m);
        s.close();
    }
}
