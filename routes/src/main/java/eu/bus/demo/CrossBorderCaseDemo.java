package eu.bus.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.VerificationReport;
import eu.bus.broker.BusAddresses;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.NodeGateway;
import eu.bus.exchange.StatusStore;
import eu.bus.exchange.SubmissionRejectedException;
import eu.bus.exchange.WireHeaders;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The main job: a scripted cross-border case over the real embedded broker, with a fresh dev PKI.
 * Intelligence from the Dutch and Belgian teams, a case opened with both states and the agencies,
 * a victim referral NL to BE, an assistance request with a deadline, one invalid and one tampered
 * message; then every node's audit log is verified.
 */
public final class CrossBorderCaseDemo {

    public static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final BusLayout layout;
    private final Timeline timeline;
    /** Accepted message id -> how many signed receipts complete it. */
    private final Map<UUID, Integer> expectedReceipts = new LinkedHashMap<>();
    private final Map<UUID, String> senders = new LinkedHashMap<>();
    private final CountDownLatch deadLettered = new CountDownLatch(1);

    public CrossBorderCaseDemo(Path workDir, PrintWriter out) {
        this.layout = new BusLayout(workDir);
        this.timeline = new Timeline(out);
    }

    /** Witness cosignatures each audit log's latest checkpoint must carry. */
    private static final int WITNESSES = 2;

    /** Runs the case; returns true when everything arrived and every audit log verified. */
    public boolean run() throws Exception {
        timeline.step("Creating a dev PKI for " + String.join(", ", NODES) + " in " + layout.pki());
        DevPki.init(layout.pki(), NODES);
        timeline.step("Starting the embedded broker (TLS on 127.0.0.1, persistent journal) and the six node gateways");
        try (BusNetwork bus = BusNetwork.start(layout, NODES, Clock.systemUTC(), audit -> audit.onRecord(r -> {
            timeline.print(r);
            if (r.event() == AuditEvent.DEAD_LETTERED) {
                deadLettered.countDown();
            }
        }))) {
            timeline.line("  broker listening on " + bus.broker().host() + ":" + bus.broker().port());
            script(bus);
            boolean delivered = awaitReceipts(bus);
            boolean tamperCaught = deadLettered.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            boolean verified = verifyAuditLogs(bus);
            summary(delivered, tamperCaught, verified);
            return delivered && tamperCaught && verified;
        }
    }

    private void script(BusNetwork bus) throws Exception {
        timeline.step("1. The Dutch team reports intelligence to its national unit, which forwards it to Europol with the team's signature inside");
        submit(bus, "NL-NMT", DemoScript.example("intelligence-report-1.json"));

        timeline.step("2. The Belgian team reports labour exploitation to its national unit");
        submit(bus, "BE-NMT", DemoScript.example("intelligence-report-2.json"));

        timeline.step("3. The Dutch unit opens case " + DemoScript.CASE + " with Belgium, Eurojust and Europol");
        submit(bus, "NL-ENU", DemoScript.example("case-open-1.json"));

        timeline.step("4. The Dutch team refers a minor victim to the Belgian team (transnational referral)");
        submit(bus, "NL-NMT", DemoScript.example("victim-referral-1.json"));

        timeline.step("5. The Dutch unit asks for assistance by a deadline, on the case topic (all participants)");
        submit(bus, "NL-ENU", DemoScript.addressed("assistance-request-1.json", List.of("BE-ENU", "EUROJUST", "EUROPOL")));

        timeline.step("6. A deliberately invalid message (handling code H7) is refused at submission");
        ObjectNode invalid = DemoScript.example("victim-referral-2.json");
        ((ObjectNode) invalid.get("header")).put("handlingCode", "H7");
        try {
            submit(bus, "BE-NMT", invalid);
            timeline.line("  !! the invalid message was accepted");
        } catch (SubmissionRejectedException e) {
            timeline.line("  refused: " + e.getMessage());
        }

        timeline.step("7. A tampered message (one ciphertext byte flipped) is injected straight into NL-ENU's inbox");
        injectTampered(bus);
    }

    private void submit(BusNetwork bus, String node, ObjectNode doc) {
        String id = bus.node(node).submit(DemoScript.bytes(doc));
        expectedReceipts.put(UUID.fromString(id), doc.path("header").path("recipients").size());
        senders.put(UUID.fromString(id), node);
    }

    /** Protects a genuine message, flips one byte, and sends it as NL-NMT would, bypassing its gateway. */
    private void injectTampered(BusNetwork bus) throws Exception {
        ObjectNode doc = DemoScript.example("intelligence-report-1.json");
        MessageHeader header = HeaderCodec.fromJson(doc.get("header"));
        byte[] body = bus.node("NL-NMT").services().protector().protect(header, Json.mapper().writeValueAsBytes(doc.get("payload")));
        body[body.length / 2] ^= 0x01;
        try (ActiveMQConnectionFactory factory = bus.broker().connectionFactory(
                ProtectedKeyStore.ofNode(layout.pki(), "NL-NMT", KeyPurpose.SIGNING));
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            for (var property : WireHeaders.of(header).entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            session.createProducer(session.createQueue(BusAddresses.inbox("NL-ENU"))).send(message);
        }
    }

    private boolean awaitReceipts(BusNetwork bus) throws InterruptedException {
        timeline.step("Waiting for every signed delivery receipt...");
        long deadline = System.nanoTime() + WAIT.toNanos(); // monotonic: immune to wall-clock steps
        while (System.nanoTime() < deadline) {
            if (expectedReceipts.entrySet().stream().allMatch(e -> receipts(bus, e.getKey()) >= e.getValue())) {
                timeline.line("  all " + expectedReceipts.size() + " accepted messages are receipted by every recipient");
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        expectedReceipts.forEach((id, n) -> timeline.line("  " + id + ": " + receipts(bus, id) + " of " + n + " receipts"));
        return false;
    }

    private long receipts(BusNetwork bus, UUID id) {
        StatusStore status = bus.node(senders.get(id)).services().status();
        return status.history(id).stream().filter(c -> c.status() == MessageStatus.RECEIPTED).count();
    }

    private boolean verifyAuditLogs(BusNetwork bus) {
        timeline.step("Each node's witnesses (nodes of two other agencies) cosign its latest checkpoint; then every audit"
                + " log is verified against the CA certificate, its CRL and the witnesses' keys alone ("
                + layout.pki().resolve("ca.pem") + ", " + layout.pki().resolve("crl.pem") + ", "
                + eu.bus.witness.WitnessKeys.published(layout.pki()) + "), requiring 2 witnesses");
        for (NodeGateway node : bus.nodes()) {
            node.services().audit().checkpoint();
        }
        for (NodeGateway node : bus.nodes()) {
            bus.witnessing().of(node.node()).round();
        }
        eu.bus.sites.AuditLogCheck check;
        try {
            check = eu.bus.sites.AuditLogCheck.against(layout.pki(), WITNESSES);
        } catch (eu.bus.audit.UntrustedCrlException e) {
            timeline.line("  the CRL is not the CA's: " + e.getMessage());
            return false;
        }
        boolean allOk = true;
        for (NodeGateway node : bus.nodes()) {
            VerificationReport report = check.verify(layout.audit(node.node()));
            timeline.line(String.format("  %-8s %s", node.node(), report.summary()));
            allOk &= report.ok();
        }
        return allOk;
    }

    private void summary(boolean delivered, boolean tamperCaught, boolean verified) {
        timeline.step((delivered && tamperCaught && verified ? "DEMO PASSED" : "DEMO FAILED")
                + ": deliveries " + (delivered ? "complete" : "INCOMPLETE")
                + ", tampered message " + (tamperCaught ? "dead-lettered" : "NOT caught")
                + ", audit logs " + (verified ? "verified" : "NOT verified"));
        timeline.line("Everything is under " + layout.workDir().toAbsolutePath() + ":");
        timeline.line("  pki/ca.pem                       the bus CA (pki/ holds the whole dev PKI; the CA's key is in");
        timeline.line("                                   pki/offline-ca/, which a real deployment keeps offline)");
        timeline.line("  nodes/<NODE>/audit/              hash-chained audit log with signed checkpoints, cosigned by witnesses");
        timeline.line("  pki/witnesses/                   the witnesses' public keys (C2SP verifier keys)");
        timeline.line("  nodes/<NODE>/archive/            exact protected bytes sent and received (CMS DER)");
        timeline.line("  nodes/<NODE>/delivered/          what each node delivered to its case system");
        timeline.line("  broker/                          the broker's journal");
        timeline.line("Try: ./bus audit verify " + layout.audit("NL-ENU") + " --ca " + layout.pki().resolve("ca.pem") + " --witnesses 2");
    }
}
