package eu.bus.witnessing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.audit.AuditVerifier;
import eu.bus.audit.Checkpoint;
import eu.bus.audit.CheckpointRevocation;
import eu.bus.audit.RecordReader;
import eu.bus.audit.VerificationReport;
import eu.bus.broker.BrokerSettings;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.NodeSettings;
import eu.bus.exchange.TestMessages;
import eu.bus.keys.DevPki;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import eu.bus.witness.CheckpointNote;
import eu.bus.witness.CheckpointWitnessing;
import eu.bus.witness.WitnessKeys;
import eu.bus.witness.WitnessPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes over the real embedded broker ask each other to cosign their checkpoints: the agencies witness the national
 * nodes' logs, requests and answers travel over the broker, and a log verifies with {@code --witnesses 2} once the
 * nodes stop.
 */
class WitnessedCheckpointsTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "EUROPOL", "EUROJUST");

    @TempDir
    Path dir;

    BusNetwork start(BusLayout layout) throws Exception {
        BrokerSettings broker = BrokerSettings.defaults(layout.broker(), layout.pki()).withPort(0);
        return BusNetwork.start(layout, NODES, Clock.systemUTC(), audit -> { }, broker,
                NodeSettings.defaults().withLimits(broker.limits())
                        .withWitnessing(new WitnessSettings(List.of(), Duration.ofMillis(300))));
    }

    /** Two of the witnesses the PKI publishes, as an auditor would require. */
    WitnessPolicy twoWitnesses(Path pki) throws java.io.IOException {
        return new WitnessPolicy(WitnessKeys.read(WitnessKeys.published(pki)), 2, List.of());
    }

    VerificationReport verify(BusLayout layout, String node, WitnessPolicy policy) {
        return new AuditVerifier(layout.audit(node), Pem.readCertificate(new PkiLayout(layout.pki()).caCertificate()),
                CheckpointRevocation.notChecked(), policy).verify(RecordReader.Progress.NONE);
    }

    @Test
    void shouldHaveEveryCheckpointCosignedByTwoAgenciesOverTheBrokerAndVerifyAfterAStop() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
        try (BusNetwork bus = start(layout)) {
            String id = bus.node("NL-NMT").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
            await().atMost(Duration.ofSeconds(20)).until(() -> bus.node("NL-NMT").services().status()
                    .current(UUID.fromString(id)).orElse(null) == MessageStatus.RECEIPTED);
            Checkpoint latest = bus.node("NL-NMT").services().audit().checkpoint().orElseThrow();
            String origin = CheckpointNote.originOf("NL-NMT");
            await().atMost(Duration.ofSeconds(20)).until(() -> bus.witnessing().witness("EUROPOL").state().latest(origin)
                    .map(n -> CheckpointNote.parse(n.text()).size() >= latest.treeSize()).orElse(false)
                    && bus.witnessing().witness("EUROJUST").state().latest(origin)
                    .map(n -> CheckpointNote.parse(n.text()).size() >= latest.treeSize()).orElse(false));
            assertEquals(List.of("EUROJUST", "EUROPOL"), WitnessSettings.defaultsFor("NL-NMT", NODES));
        }
        assertEquals(List.of("EUROJUST", "NL-ENU"), WitnessSettings.defaultsFor("EUROPOL", NODES));
        for (String node : NODES) {
            VerificationReport report = verify(layout, node, twoWitnesses(layout.pki()));
            if (node.equals("EUROJUST")) {
                assertEquals(0, report.records(), "nothing reached EUROJUST");
                assertTrue(report.summary().contains("the log has no checkpoint, so no witness cosigned any of it"), report.summary());
                continue;
            }
            assertTrue(report.ok(), node + ": " + report.summary());
            List<String> witnesses = WitnessSettings.defaultsFor(node, NODES);
            String cosigners = report.summary().replaceFirst(".*latest checkpoint cosigned by ([^(]*) \\(2 required\\).*", "$1");
            assertEquals(new java.util.TreeSet<>(witnesses), new java.util.TreeSet<>(List.of(cosigners.split(", "))), report.summary());
        }
    }

    @Test
    void shouldRefuseOverTheBrokerACheckpointOfAHistoryTheNodeRewrote() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
        try (BusNetwork bus = start(layout)) {
            bus.node("NL-NMT").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
            Checkpoint first = bus.node("NL-NMT").services().audit().checkpoint().orElseThrow();
            await().atMost(Duration.ofSeconds(20)).until(() -> bus.witnessing().witness("EUROPOL").state()
                    .latest(CheckpointNote.originOf("NL-NMT")).isPresent());
            // A second log under NL-NMT's name and key, with another history, asks the same witnesses over the broker.
            Path forged = dir.resolve("forged-audit");
            try (eu.bus.audit.AuditLog other = eu.bus.audit.AuditLog.open(eu.bus.audit.AuditLogConfig.of(forged, "NL-NMT"),
                    eu.bus.audit.JcaCheckpointSigner.of(bus.node("NL-NMT").services().credentials()))) {
                for (int i = 0; i < first.treeSize() + 5; i++) {
                    other.appendAndWait(eu.bus.audit.AuditEntry.of(eu.bus.audit.AuditEvent.SENT).messageId(UUID.randomUUID())
                            .messageType("INTELLIGENCE_REPORT").protectedBytes(new byte[] {(byte) i}).purpose("rewritten").build());
                }
                other.checkpoint();
            }
            CheckpointWitnessing asked = new CheckpointWitnessing(forged, List.of(
                    new BrokerWitnessClient("EUROPOL", layout.pki(), senderOf(bus, "NL-NMT"), answersOf(bus, "NL-NMT"))));
            List<CheckpointWitnessing.Outcome> outcomes = asked.round();
            assertEquals(1, outcomes.size(), outcomes.toString());
            assertFalse(outcomes.get(0).cosigned(), outcomes.toString());
            assertTrue(outcomes.get(0).problem().startsWith("refused (422)") || outcomes.get(0).problem().startsWith("refused (409)"),
                    outcomes.get(0).problem());
            assertEquals(1, bus.witnessing().witness("EUROPOL").state().refused(CheckpointNote.originOf("NL-NMT")).size());
        }
    }

    private static eu.bus.exchange.BrokerSender senderOf(BusNetwork bus, String node) {
        return bus.witnessing().sender(node);
    }

    private static WitnessAnswers answersOf(BusNetwork bus, String node) {
        return bus.witnessing().answers(node);
    }
}
