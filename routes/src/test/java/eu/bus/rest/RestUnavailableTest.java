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
 * What a client gets when a part the bus depends on is down: 503 with Retry-After and a JSON error
 * it can act on, not a 500. Its own network, since the tests break it: NL-NMT loses its audit log,
 * NL-ENU the broker.
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

    @Test
    void shouldAnswer503WithRetryAfterWhenTheBrokerIsDown() throws Exception {
        bus.broker().close();
        assertUnavailable(submit("NL-ENU", TestMessages.freshBytes("intelligence-report-1.json", "NL-ENU", List.of("BE-ENU"))));
    }
}
