package eu.bus.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.UntrustedCrlException;
import eu.bus.audit.VerificationReport;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.StatusStore;
import eu.bus.rest.BusApiClient;
import eu.bus.sites.ArtemisDistribution;
import eu.bus.sites.AuditLogCheck;
import eu.bus.sites.NodeDeliveries;
import eu.bus.sites.NodeProcess;
import eu.bus.sites.SiteBroker;
import eu.bus.sites.SiteNetwork;
import eu.bus.sites.SitePlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The cross-border case across four sites, each a separate process as in production: the stock Artemis brokers of
 * NL, BE, EUROPOL and EUROJUST (the member states linked to both hubs, reaching each other through EUROPOL), and a
 * node process per agency holding only its own keys, driven over each node's REST API. In the middle, the hub's
 * broker goes down while NL sends to BE, and comes back. It ends by counting what was sent, delivered, stopped as a
 * duplicate and lost, and by verifying every node's audit log.
 */
public final class SitesDemo {

    static final List<String> HUBS = List.of("EUROPOL", "EUROJUST");
    private static final Duration WAIT = Duration.ofMinutes(3);
    /**
     * Cosignatures required on each log's latest checkpoint: none, as the nodes stop one after the other and the last
     * ones' witnesses are gone by then; the witnesses' keys are still used, so a log that forked from what they cosigned
     * fails, and each report names who cosigned its latest checkpoint.
     */
    private static final int WITNESSES = 0;

    private final Path workDir;
    private final ArtemisDistribution artemis;
    private final Timeline timeline;
    private final List<Sent> sent = new ArrayList<>();

    /** A message the demo had accepted: who sent it to whom. */
    private record Sent(String sender, UUID id, List<String> recipients) {
    }

    /** @param artemis the distribution every site's broker runs */
    public SitesDemo(Path workDir, ArtemisDistribution artemis, PrintWriter out) {
        this.workDir = workDir;
        this.artemis = artemis;
        this.timeline = new Timeline(out);
    }

    /** Runs the case; true when every copy arrived once, none was lost and every audit log verified. */
    public boolean run() throws Exception {
        SitePlan plan = SitePlan.of(CrossBorderCaseDemo.NODES, HUBS);
        timeline.step("Setting up four sites under " + workDir + " (Artemis " + artemis.home() + ")");
        try (SiteNetwork network = SiteNetwork.create(workDir, artemis, plan, line -> timeline.line("  " + line))) {
            timeline.step("Starting a broker process per site and a node process per agency (separate JVMs)");
            network.start(line -> timeline.line("  " + line));
            script(network);
            boolean receipted = awaitReceipts(network);
            Count count = count(network);
            boolean verified = verifyAuditLogs(network);
            boolean passed = receipted && count.lost == 0 && count.deliveredTwice == 0 && verified;
            timeline.step((passed ? "DEMO PASSED" : "DEMO FAILED") + ": sent=" + count.copies + " delivered=" + count.delivered
                    + " delivered-twice=" + count.deliveredTwice + " duplicates-removed=" + count.duplicatesRemoved
                    + " lost=" + count.lost + ", audit logs " + (verified ? "verified" : "NOT verified"));
            timeline.line("Everything is under " + workDir + ": pki/ (the dev PKI), sites/site-*/ (the broker instances,"
                    + " their logs in log/), agencies/NODE/ (each node: node.json, its pki/ with its own keys only, its"
                    + " audit log, archive and delivered files, node.log)");
            timeline.step("Stopping every process the demo started");
            return passed;
        }
    }

    private void script(SiteNetwork network) throws Exception {
        timeline.step("1. The Dutch team reports intelligence to its national unit (site NL), which forwards it to Europol");
        submit(network, "NL-NMT", DemoScript.example("intelligence-report-1.json"));
        timeline.step("2. The Belgian team reports labour exploitation to its national unit (site BE)");
        submit(network, "BE-NMT", DemoScript.example("intelligence-report-2.json"));
        timeline.step("3. The Dutch unit opens case " + DemoScript.CASE + " with Belgium, Eurojust and Europol: participants"
                + " at four sites; NL's broker decides, the others take the decision from the lifecycle message");
        submit(network, "NL-ENU", DemoScript.example("case-open-1.json"));
        timeline.step("4. The Dutch team refers a minor victim to the Belgian team: NL's broker -> EUROPOL's -> BE's");
        submit(network, "NL-NMT", DemoScript.example("victim-referral-1.json"));
        timeline.step("5. The Dutch unit asks for assistance by a deadline, on the case topic: NL's broker copies it to the"
                + " inboxes of the participants at the other sites");
        submit(network, "NL-ENU", DemoScript.addressed("assistance-request-1.json", List.of("BE-ENU", "EUROJUST", "EUROPOL")));

        SiteBroker hub = network.broker("EUROPOL");
        timeline.step("6. The hub's broker (EUROPOL) goes down (SIGKILL, pid " + hub.pid() + "); NL keeps sending to BE");
        hub.kill();
        List<UUID> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(submit(network, "NL-NMT", DemoScript.example("assistance-response-2.json")));
        }
        TimeUnit.SECONDS.sleep(3);
        timeline.line("  after 3 s, delivered at BE-NMT: " + deliveredCount(network.node("BE-NMT"), waiting) + " of "
                + waiting.size() + " (they wait in NL's broker, on disk, for the link)");
        hub.start();
        hub.awaitListening(Duration.ofMinutes(2));
        timeline.line("  EUROPOL's broker is back (pid " + hub.pid() + "); the link resumes by itself");

        timeline.step("7. A deliberately invalid message (handling code H7) is refused at submission");
        ObjectNode invalid = DemoScript.example("victim-referral-2.json");
        ((ObjectNode) invalid.get("header")).put("handlingCode", "H7");
        BusApiClient.Response refused = network.node("BE-NMT").api().submit(DemoScript.bytes(invalid));
        timeline.line("  HTTP " + refused.status() + ": " + refused.json().path("error").asText());
    }

    private UUID submit(SiteNetwork network, String node, ObjectNode doc) throws Exception {
        BusApiClient.Response answer = network.node(node).api().submit(DemoScript.bytes(doc));
        if (answer.status() != 202) {
            throw new IllegalStateException(node + " refused a message of the case: HTTP " + answer.status() + " " + answer.body());
        }
        UUID id = UUID.fromString(answer.json().path("messageId").asText());
        List<String> recipients = new ArrayList<>();
        doc.path("header").path("recipients").forEach(r -> recipients.add(r.asText()));
        sent.add(new Sent(node, id, recipients));
        timeline.line(String.format("  %-8s -> %-22s %s  %s", node, String.join(",", recipients), id.toString().substring(0, 8),
                answer.json().path("status").asText()));
        return id;
    }

    private boolean awaitReceipts(SiteNetwork network) throws InterruptedException {
        timeline.step("Waiting for every signed delivery receipt...");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (sent.stream().allMatch(s -> receipts(network, s) >= s.recipients().size())) {
                timeline.line("  all " + sent.size() + " accepted messages are receipted by every recipient");
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        sent.forEach(s -> timeline.line("  " + s.id() + ": " + receipts(network, s) + " of " + s.recipients().size() + " receipts"));
        return false;
    }

    private static long receipts(SiteNetwork network, Sent s) {
        NodeProcess sender = network.node(s.sender());
        return StatusStore.read(sender.layout().state(s.sender())).getOrDefault(s.id(), List.of()).stream()
                .filter(c -> c.status() == MessageStatus.RECEIPTED).map(StatusStore.Change::recipient).distinct().count();
    }

    private static long deliveredCount(NodeProcess node, List<UUID> ids) {
        NodeDeliveries deliveries = NodeDeliveries.of(node);
        return ids.stream().filter(id -> deliveries.times(id) > 0).count();
    }

    private record Count(int copies, int delivered, int deliveredTwice, long duplicatesRemoved, int lost) {
    }

    private Count count(SiteNetwork network) {
        Map<String, NodeDeliveries> byNode = new HashMap<>();
        network.nodes().forEach(n -> byNode.put(n.node(), NodeDeliveries.of(n)));
        int copies = 0;
        int delivered = 0;
        int twice = 0;
        for (Sent s : sent) {
            for (String recipient : s.recipients()) {
                copies++;
                int times = byNode.get(recipient).times(s.id());
                delivered += times > 0 ? 1 : 0;
                twice += times > 1 ? 1 : 0;
            }
        }
        long removed = network.brokers().stream().mapToLong(SiteBroker::duplicatesDropped).sum()
                + byNode.values().stream().mapToLong(NodeDeliveries::stopped).sum();
        return new Count(copies, delivered, twice, removed, copies - delivered);
    }

    private boolean verifyAuditLogs(SiteNetwork network) {
        timeline.step("Stopping the nodes (each writes a last checkpoint, which its witnesses still running cosign) and"
                + " verifying every node's audit log against the CA certificate, its CRL and the witnesses' keys alone");
        AuditLogCheck check;
        try {
            check = AuditLogCheck.against(workDir.resolve("pki"), WITNESSES);
        } catch (UntrustedCrlException e) {
            timeline.line("  the CRL is not the CA's: " + e.getMessage());
            return false;
        }
        boolean allOk = true;
        for (NodeProcess node : network.nodes()) {
            node.stop();
            VerificationReport report = check.verify(node.layout().audit(node.node()));
            timeline.line(String.format("  %-8s %s", node.node(), report.summary()));
            allOk &= report.ok();
        }
        return allOk;
    }
}
