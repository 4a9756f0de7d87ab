package eu.bus.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.TestMessages;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client gets when a part the bus depends on is down: without its audit log, 503 with Retry-After
 * and a JSON error it can act on, not a 500; without the broker, the message is queued in the node's
 * outbox and the answer says so. Its own network, since the tests break it: NL-NMT loses its audit
 * log, NL-ENU the broker.
 */
class RestUnavailableTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-ENU");

    @TempDir
    static Path dir;
    static BusNetwork bus;
    static BusApiServer api;

    @BeforeAll
    static void start() throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
        bus = BusNetwork.start(layout, NODES, Clock.systemUTC(), audit -> { });
        api = BusApiServer.start(bus, BusApiServer.Settings.defaults(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        bus.close();
    }

    /** The raw answer, headers included (the client class keeps only status and body). */
    static HttpResponse<String> submit(String node, byte[] document) throws Exception {
        var tls = BusApiClient.tls(ProtectedKeyStore.ofNode(bus.layout().pki(), node, KeyPurpose.SIGNING),
                new PkiLayout(bus.layout().pki()).caCertificate());
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create(api.baseUri() + "/api/v1/messages"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(document)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertUnavailable(HttpResponse<String> r) {
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
        assertTrue(r.body().contains("\"rule\":\"unavailable\"") && r.body().contains("retry in 5 seconds"), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheAuditLogIsUnavailable() throws Exception {
        bus.node("NL-NMT").services().audit().close(); // as a failed disk would leave it
        assertUnavailable(submit("NL-NMT", TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"))));
    }

    /**
     * A broker outage is not the submitter's problem: the message is accepted into the node's durable outbox and
     * the answer (with its id) comes within the documented few seconds, saying QUEUED.
     */
    @Test
    void shouldAnswerQueuedWithTheIdPromptlyWhenTheBrokerIsDown() throws Exception {
        bus.broker().close();
        for (int i = 0; i < 2; i++) { // the first finds out, the second knows at once
            long started = System.nanoTime();
            HttpResponse<String> r = submit("NL-ENU", TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU", List.of("BE-ENU")));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(202, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"status\":\"QUEUED\""), r.body());
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "answered after " + took);
            String id = eu.bus.message.Json.mapper().readTree(r.body()).path("messageId").asText();
            assertEquals(eu.bus.exchange.MessageStatus.SUBMITTED,
                    bus.node("NL-ENU").services().status().current(java.util.UUID.fromString(id)).orElseThrow());
            assertTrue(bus.node("NL-ENU").services().outbox().get(java.util.UUID.fromString(id)).isPresent(), "kept in the outbox");
        }
    }
}
