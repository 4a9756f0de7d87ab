package eu.bus.rest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.broker.RogueKeyStores;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.TestMessages;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API over real HTTPS (TLS 1.3, client certificates of a dev PKI) in front of a real
 * embedded broker and node gateways; one network for the whole class.
 */
class RestApiTest {

    /** In the PKI; BE-NMT and FR-NMT have keys but do not run in this bus. */
    static final List<String> PKI_NODES = List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST", "FR-NMT");
    static final List<String> RUNNING = List.of("NL-NMT", "NL-ENU", "BE-ENU", "EUROPOL", "EUROJUST");
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static BusNetwork bus;
    static BusApiServer api;
    static BusApiServer smallApi;

    @BeforeAll
    static void start() throws Exception {
        BusLayout layout = new BusLayout(dir.resolve("bus"));
        DevPki.init(layout.pki(), PKI_NODES);
        bus = BusNetwork.start(layout, RUNNING, Clock.systemUTC(), audit -> { });
        api = BusApiServer.start(bus, BusApiServer.Settings.defaults(), Clock.systemUTC());
        smallApi = BusApiServer.start(bus, BusApiServer.Settings.defaults().withMaxBodyBytes(512), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (smallApi != null) {
            smallApi.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    static BusApiClient as(String node) {
        return BusApiClient.forNode(bus.layout().pki(), node, api.baseUri());
    }

    static BusApiClient withoutCertificate() {
        return new BusApiClient(api.baseUri(), BusApiClient.tls(null, new PkiLayout(bus.layout().pki()).caCertificate()));
    }

    static byte[] message(String example, String sender, List<String> recipients) {
        return TestMessages.freshBytes(example, sender, recipients);
    }

    static String submitted(BusApiClient client, byte[] document) throws Exception {
        BusApiClient.Response r = client.submit(document);
        assertEquals(202, r.status(), r.body());
        assertEquals("SENT", r.json().path("status").asText());
        return r.json().path("messageId").asText();
    }

    static List<String> pointers(BusApiClient.Response r) {
        List<String> pointers = new ArrayList<>();
        r.json().path("errors").forEach(e -> pointers.add(e.path("pointer").asText()));
        return pointers;
    }

    @Test
    void shouldDeliverAndReportReceiptedWhenANodeSubmitsAValidMessage() throws Exception {
        BusApiClient nl = as("NL-NMT");
        String id = submitted(nl, message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        Path delivered = bus.layout().delivered("NL-ENU").resolve(id + ".json");
        await().atMost(WAIT).until(() -> Files.exists(delivered));
        await().atMost(WAIT).until(() -> nl.status(id).json().path("status").asText().equals("RECEIPTED"));
        JsonNode status = nl.status(id).json();
        assertEquals("NL-NMT", status.path("sender").asText());
        List<String> history = new ArrayList<>();
        status.path("history").forEach(c -> history.add(c.path("status").asText()));
        assertTrue(history.containsAll(List.of("SUBMITTED", "SENT", "DELIVERED", "RECEIPTED")), history.toString());
    }

    @Test
    void shouldAnswerConflictWhenAMessageIdIsReusedForOtherContent() throws Exception {
        BusApiClient nl = as("NL-NMT");
        ObjectNode doc = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        String id = submitted(nl, TestMessages.bytes(doc));
        assertEquals(id, submitted(nl, TestMessages.bytes(doc)), "the same document again is an idempotent retry");
        ((ObjectNode) doc.get("payload")).put("summary", "other content, same id");
        BusApiClient.Response r = nl.submit(TestMessages.bytes(doc));
        assertEquals(409, r.status(), r.body());
        assertEquals("message-id-reused", r.json().path("rule").asText());
    }

    @Test
    void shouldDisconnectAClientWhenItSendsItsHeadersSlowerThanTheRequestLimit() throws Exception {
        Duration limit = RequestTimeouts.request();
        byte[] request = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(1000) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        SSLContext tls = BusApiClient.tls(null, new PkiLayout(bus.layout().pki()).caCertificate());
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(api.host(), api.port())) {
            socket.startHandshake();
            long started = System.nanoTime();
            AtomicInteger sent = new AtomicInteger();
            AtomicBoolean writeFailed = new AtomicBoolean();
            OutputStream out = socket.getOutputStream();
            drip.scheduleAtFixedRate(() -> { // two bytes a second: the headers would take over eight minutes
                try {
                    out.write(request[sent.getAndIncrement()]);
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    writeFailed.set(true);
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
                try {
                    return socket.getInputStream().read();
                } catch (IOException e) {
                    return -2; // reset or TLS error: disconnected as well
                }
            });
            await().atMost(limit.plusSeconds(10)).until(() -> firstByte.isDone() || writeFailed.get());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(limit.minusSeconds(1)) >= 0, "closed by the request limit, after " + took);
            assertTrue(!firstByte.isDone() || firstByte.get() < 0, "the server closed without answering");
        } finally {
            drip.shutdownNow();
        }
        assertEquals(200, withoutCertificate().get("/health").status());
    }

    @Test
    void shouldRefuseWithPointerToTheDocumentWhenTheJsonIsMalformed() throws Exception {
        BusApiClient.Response r = as("NL-NMT").submit("{\"header\": {".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status(), r.body());
        assertEquals("invalid", r.json().path("rule").asText());
        assertEquals("", pointers(r).get(0));
        assertSubmissionsStillWork();
    }

    @Test
    void shouldNameTheHandlingCodeWhenTheHeaderBreaksTheSchema() throws Exception {
        byte[] h7 = Files.readAllBytes(Path.of("../schemas/examples/invalid/intelligence-report-handling-code-h7.json"));
        BusApiClient.Response r = as("NL-NMT").submit(h7);
        assertEquals(400, r.status(), r.body());
        assertTrue(pointers(r).contains("/header/handlingCode"), r.body());
        JsonNode first = r.json().path("errors").get(0);
        assertTrue(first.has("problem") && first.has("expected"), r.body());
    }

    @Test
    void shouldRefuseWith413WhenTheBodyExceedsTheConfiguredLimit() throws Exception {
        BusApiClient small = BusApiClient.forNode(bus.layout().pki(), "NL-NMT", smallApi.baseUri());
        byte[] big = message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        assertTrue(big.length > 512, "the example must exceed the small limit");
        BusApiClient.Response r = small.submit(big);
        assertEquals(413, r.status(), r.body());
        assertTrue(r.json().path("error").asText().contains("512"), r.body());
        assertEquals(400, small.submit("{}".getBytes(StandardCharsets.UTF_8)).status(),
                "a small body is still read and validated after a refused large one");
        assertSubmissionsStillWork();
    }

    @Test
    void shouldRefuseWith415WhenTheBodyIsNotJson() throws Exception {
        BusApiClient.Response r = as("NL-NMT").post("/api/v1/messages", "text/plain",
                message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        assertEquals(415, r.status(), r.body());
        assertTrue(r.json().path("error").asText().contains("application/json"), r.body());
    }

    @Test
    void shouldRefuseWithPolicyRuleWhenTheRecipientIsUnknown() throws Exception {
        BusApiClient.Response r = as("NL-NMT").submit(message("intelligence-report-1.json", "NL-NMT", List.of("DE-ENU")));
        assertEquals(403, r.status(), r.body());
        assertEquals("known-recipient", r.json().path("rule").asText());
        assertTrue(r.json().path("error").asText().contains("DE-ENU"), r.body());
        assertSubmissionsStillWork();
    }

    @Test
    void shouldRefuseWith401WhenNoClientCertificateIsPresented() throws Exception {
        BusApiClient.Response r = withoutCertificate().submit(message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        assertEquals(401, r.status(), r.body());
        assertTrue(r.json().path("error").asText().contains("--cert"), "says how to fix it: " + r.body());
    }

    @Test
    void shouldRefuseWith401WhenTheCertificateComesFromAnotherCa() throws Exception {
        Path otherPki = dir.resolve("other-pki");
        DevPki.init(otherPki, List.of("NL-NMT"));
        BusApiClient impostor = new BusApiClient(api.baseUri(), BusApiClient.tls(
                ProtectedKeyStore.ofNode(otherPki, "NL-NMT", KeyPurpose.SIGNING), new PkiLayout(bus.layout().pki()).caCertificate()));
        BusApiClient.Response r = impostor.submit(message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        assertEquals(401, r.status(), r.body());
        assertTrue(r.json().path("error").asText().contains("does not carry a valid signature of the bus CA"), r.body());
        assertSubmissionsStillWork();
    }

    @Test
    void shouldRefuseWith401WhenTheCertificateIsFromTheBusCaButNotTheRegisteredOneOfItsNode() throws Exception {
        ProtectedKeyStore rogue = RogueKeyStores.issue(bus.layout().pki(), "NL-NMT", Files.createDirectories(dir.resolve("rogue")));
        BusApiClient impostor = new BusApiClient(api.baseUri(), BusApiClient.tls(rogue, new PkiLayout(bus.layout().pki()).caCertificate()));
        BusApiClient.Response r = impostor.submit(message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        assertEquals(401, r.status(), r.body());
        assertTrue(r.json().path("error").asText().contains("not the signing certificate registered for 'NL-NMT'"), r.body());
        assertSubmissionsStillWork();
    }

    @Test
    void shouldRefuseWith401WhenTheCertificateWasRevokedWhileTheServerRuns() throws Exception {
        BusApiClient fr = as("FR-NMT");
        assertEquals(403, fr.status(UUID.randomUUID().toString()).status(), "valid but not running here");
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).revoke(bus.layout().pki(), "FR-NMT");
        BusApiClient.Response r = fr.status(UUID.randomUUID().toString());
        assertEquals(401, r.status(), r.body());
        assertTrue(r.json().path("error").asText().contains("revoked"), r.body());
    }

    @Test
    void shouldRefuseWith403WhenTheNodeDoesNotRunHere() throws Exception {
        BusApiClient.Response r = as("BE-NMT").submit(message("intelligence-report-1.json", "BE-NMT", List.of("BE-ENU")));
        assertEquals(403, r.status(), r.body());
        assertEquals("node-not-here", r.json().path("rule").asText());
        assertTrue(r.json().path("error").asText().contains("BE-NMT"), r.body());
    }

    @Test
    void shouldAnswer404WhenAnotherNodeAsksForTheStatus() throws Exception {
        String id = submitted(as("NL-NMT"), message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        assertEquals(200, as("NL-NMT").status(id).status());
        assertEquals(404, as("NL-ENU").status(id).status());
        assertEquals(404, as("NL-NMT").status(UUID.randomUUID().toString()).status());
        assertEquals(404, as("NL-NMT").status("not-a-uuid").status());
    }

    @Test
    void shouldAnswer404And405WhenThePathOrMethodIsWrong() throws Exception {
        assertEquals(404, as("NL-NMT").get("/api/v2/nothing").status());
        // GET /api/v1/messages lists the node's messages (operator API); a GET on a POST-only path is refused.
        BusApiClient.Response r = as("NL-NMT").get("/api/v1/cases/CASE-2026-000123/subscriptions");
        assertEquals(405, r.status(), r.body());
        assertTrue(r.json().path("error").asText().contains("POST"), r.body());
    }

    @Test
    void shouldReportUpWithoutClientCertificateWhenHealthIsAsked() throws Exception {
        BusApiClient.Response r = withoutCertificate().get("/health");
        assertEquals(200, r.status(), r.body());
        assertEquals("UP", r.json().path("status").asText());
        assertEquals("UP", r.json().path("broker").asText());
        assertEquals("UP", r.json().path("camel").asText());
        assertEquals(RUNNING.size(), r.json().path("nodes").size());
    }

    @Test
    void shouldCountTheSubmittingNodeWhenMetricsAreScraped() throws Exception {
        submitted(as("NL-NMT"), message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        BusApiClient.Response r = withoutCertificate().get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.body().contains("bus_messages_total{node=\"NL-NMT\",route=\"submit\",outcome=\"accepted\"}"), r.body());
    }

    @Test
    void shouldFollowTheCaseOnlyWhenTheNodeParticipates() throws Exception {
        String caseId = "CASE-2026-000456";
        ObjectNode open = (ObjectNode) Json.mapper().readTree(message("case-open-1.json", "NL-ENU", List.of("BE-ENU", "EUROJUST", "EUROPOL")));
        ((ObjectNode) open.get("header")).put("caseId", caseId);
        submitted(as("NL-ENU"), Json.mapper().writeValueAsBytes(open));

        // BE-ENU learns it participates once the case-open is delivered to it.
        await().atMost(Duration.ofSeconds(20)).until(() -> as("BE-ENU").follow(caseId).status() == 200);
        BusApiClient.Response yes = as("BE-ENU").follow(caseId);
        assertEquals(200, yes.status(), yes.body());
        assertEquals("FOLLOWING", yes.json().path("status").asText());

        BusApiClient.Response no = as("NL-NMT").follow(caseId);
        assertEquals(403, no.status(), no.body());
        assertEquals("case-participant", no.json().path("rule").asText());
        BusApiClient.Response unknown = as("BE-ENU").follow("CASE-2026-999999");
        assertEquals(403, unknown.status());
        assertTrue(unknown.json().path("error").asText().contains("no case CASE-2026-999999 is known"), unknown.body());
    }

    /** Nothing stopped after a refusal: the same node can still submit. */
    static void assertSubmissionsStillWork() throws Exception {
        submitted(as("NL-NMT"), message("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
    }
}
