package eu.bus.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.DevPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's case state across a crash: the participants file as the last persisted change left
 * it is what the broker starts from, subscription queues included.
 */
class CaseSubscriptionRecoveryTest {

    static final List<String> NODES = List.of("NL-ENU", "BE-ENU", "EUROJUST", "EUROPOL");
    static final String CASE_A = "CASE-2026-200001";
    static final String CASE_B = "CASE-2026-200002";

    @TempDir
    Path dir;
    Path pki;
    Path casesFile;

    @BeforeEach
    void pki() throws Exception {
        pki = dir.resolve("pki");
        DevPki.init(pki, NODES);
        casesFile = dir.resolve("broker").resolve("case-participants.json");
        Files.createDirectories(casesFile.getParent());
    }

    private EmbeddedBroker start() throws Exception {
        return EmbeddedBroker.start(BrokerSettings.defaults(dir.resolve("broker"), pki).withPort(0), Clock.systemUTC());
    }

    private void writeCases(String json) throws Exception {
        Files.writeString(casesFile, json, StandardCharsets.UTF_8);
    }

    private static Queue queue(EmbeddedBroker broker, String node, String caseId) {
        return broker.server().locateQueue(SimpleString.of(BusAddresses.caseSubscription(node, caseId)));
    }

    @Test
    void shouldCreateTheMissingSubscriptionQueuesWhenTheBrokerStartsAfterACrashBetweenPersistAndQueueCreation() throws Exception {
        writeCases("{\"" + CASE_A + "\": {\"participants\": [\"BE-ENU\", \"EUROJUST\", \"NL-ENU\"], \"lastChange\": \"a1\"}}");
        long nlQueueId;
        try (EmbeddedBroker first = start()) {
            for (String node : List.of("NL-ENU", "BE-ENU", "EUROJUST")) {
                Queue q = queue(first, node, CASE_A);
                assertNotNull(q, node + " gets its subscription of " + CASE_A + " at start");
                assertEquals(BusAddresses.caseTopic(CASE_A), q.getAddress().toString());
                assertEquals(BusAddresses.caseSubscriptionFilter(node), q.getFilter().getFilterString().toString());
                assertTrue(q.isDurable());
            }
            assertNull(queue(first, "EUROPOL", CASE_A), "no queue for a node that is not a participant");
            nlQueueId = queue(first, "NL-ENU", CASE_A).getID();
        }

        // As persist() leaves it when the broker dies right after: case B opened, BE-ENU removed from case A,
        // neither change's queues acted on.
        writeCases("{\"" + CASE_A + "\": {\"participants\": [\"EUROJUST\", \"NL-ENU\"], \"lastChange\": \"a2\"},"
                + " \"" + CASE_B + "\": {\"participants\": [\"EUROPOL\", \"NL-ENU\"], \"lastChange\": \"b1\"}}");
        try (EmbeddedBroker second = start()) {
            assertNotNull(queue(second, "EUROPOL", CASE_B));
            assertNotNull(queue(second, "NL-ENU", CASE_B));
            assertNull(queue(second, "BE-ENU", CASE_A), "a removed participant's subscription is not recreated (it is dropped)");
            assertEquals(nlQueueId, queue(second, "NL-ENU", CASE_A).getID(), "an existing subscription queue is kept as it is");
            assertNotNull(queue(second, "EUROJUST", CASE_A));
        }
    }

    @Test
    void shouldRefuseToStartWhenTheCaseParticipantsFileIsEmpty() throws Exception {
        writeCases("");
        IllegalStateException e = assertThrows(IllegalStateException.class, this::start);
        assertTrue(e.getMessage().contains(casesFile.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
        assertTrue(e.getMessage().contains("restore the file from backup"), e.getMessage());
    }

    @Test
    void shouldRefuseToStartWhenTheCaseParticipantsFileIsTruncated() throws Exception {
        writeCases("{\"" + CASE_A + "\": {\"participants\": [\"EUROJUST\", \"NL-E");
        IllegalStateException e = assertThrows(IllegalStateException.class, this::start);
        assertTrue(e.getMessage().contains(casesFile.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("damaged or truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("restore the file from backup"), e.getMessage());
    }

    /**
     * At a site's broker a participant at another site gets no subscription queue but a divert from the case topic to
     * its inbox (here the queue that waits for the link to its site): made once, found again after a restart (Artemis
     * keeps a divert made at run time in its journal) rather than made twice, and taken away when the node leaves or
     * no participant is left at this site to publish.
     */
    @Test
    void shouldDivertToTheInboxOfAParticipantAtAnotherSiteOnceAcrossARestartWhileSomeoneHerePublishes() throws Exception {
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).issueServer(pki, SiteLinks.identity("NL"));
        BrokerSettings nl = BrokerSettings.defaults(dir.resolve("broker"), pki).withName(SiteLinks.identity("NL")).withPort(0);
        try (EmbeddedBroker first = EmbeddedBroker.start(nl, Clock.systemUTC())) {
            first.cases().set(CASE_A, List.of("NL-ENU", "BE-ENU"), "a1");
            assertNotNull(queue(first, "NL-ENU", CASE_A), "NL-ENU connects to this broker: its subscription queue");
            assertNull(queue(first, "BE-ENU", CASE_A), "BE-ENU connects to BE's broker: no queue here");
            assertEquals(List.of(BusAddresses.inbox("BE-ENU")), divertedTo(first, CASE_A));
        }
        try (EmbeddedBroker second = EmbeddedBroker.start(nl, Clock.systemUTC())) {
            assertEquals(1, second.server().getStorageManager().recoverDivertConfigurations().size(),
                    "Artemis keeps a divert made at run time in its journal");
            assertEquals(List.of(BusAddresses.inbox("BE-ENU")), divertedTo(second, CASE_A), "one divert after a restart");
            second.cases().set(CASE_A, List.of("NL-ENU", "EUROJUST"), "a2");
            assertEquals(List.of(BusAddresses.inbox("EUROJUST")), divertedTo(second, CASE_A),
                    "the divert of the node that left is gone; EUROJUST's site is another one too");
            second.cases().set(CASE_A, List.of("BE-ENU", "EUROJUST"), "a3");
            assertEquals(List.of(), divertedTo(second, CASE_A), "with no participant at this site nobody publishes here");
        }
    }

    /** Where the diverts on a case topic send copies, sorted. */
    private static List<String> divertedTo(EmbeddedBroker broker, String caseId) throws Exception {
        List<String> to = new java.util.ArrayList<>();
        for (org.apache.activemq.artemis.core.postoffice.Binding b : broker.server().getPostOffice()
                .getBindingsForAddress(SimpleString.of(BusAddresses.caseTopic(caseId))).getBindings()) {
            if (b instanceof org.apache.activemq.artemis.core.postoffice.impl.DivertBinding divert) {
                to.add(divert.getDivert().getForwardAddress().toString());
            }
        }
        java.util.Collections.sort(to);
        return to;
    }
}
