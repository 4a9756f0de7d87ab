package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.archive.ArchivedMessage;
import eu.bus.audit.Checkpoint;
import eu.bus.envelope.OpenedMessage;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.LiveCredentials;
import eu.bus.keys.NodeKeysUnusableException;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.PkiLayout;
import eu.bus.message.MessageHeader;
import eu.bus.rest.BusApiClient;
import eu.bus.rest.BusApiServer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bus keys rotate} and {@code bus keys revoke} on a running bus (real broker over TLS, real key stores,
 * CRL and registry files, the same calls the CLI makes): the nodes follow within seconds, without a restart.
 */
class KeyChangeAtRuntimeTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU");
    /** The watch looks every 100 ms; loading key stores and reconnecting takes a little more. */
    static final Duration WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    BusLayout layout;
    BusNetwork bus;
    final AuditRecords audit = new AuditRecords();
    final DevPki pki = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);

    @BeforeEach
    void start() throws Exception {
        layout = new BusLayout(dir);
        DevPki.init(layout.pki(), NODES);
    }

    @AfterEach
    void stop() throws Exception {
        if (bus != null) {
            bus.close();
        }
    }

    private void startBus() throws Exception {
        bus = BusNetwork.start(layout, NODES, Clock.systemUTC(), audit.hook());
    }

    /** Submits as NL-NMT to NL-ENU and waits for NL-ENU's signed receipt: it opened and verified the message. */
    private String sendAndAwaitReceipt() {
        String id = bus.node("NL-NMT").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        StatusStore status = bus.node("NL-NMT").services().status();
        await().atMost(Duration.ofSeconds(20)).until(() -> status.current(UUID.fromString(id)).orElse(null) == MessageStatus.RECEIPTED);
        assertTrue(Files.exists(layout.delivered("NL-ENU").resolve(id + ".json")));
        return id;
    }

    private BigInteger registeredSerial(String node, KeyPurpose purpose) {
        return eu.bus.keys.Pem.readCertificate(layout.pki().resolve(NodeRegistry.load(layout.pki()).require(node).certificate(purpose)))
                .getSerialNumber();
    }

    private static BigInteger serial(X509Certificate certificate) {
        return certificate.getSerialNumber();
    }

    @Test
    void shouldSignWithTheNewKeyAndStillDeliverWhenARunningSenderIsRotated() throws Exception {
        startBus();
        sendAndAwaitReceipt(); // connections made with the old certificate
        NodeServices sender = bus.node("NL-NMT").services();
        BigInteger old = serial(sender.credentials().signingCertificate());

        pki.rotate(layout.pki(), "NL-NMT");

        BigInteger rotated = registeredSerial("NL-NMT", KeyPurpose.SIGNING);
        assertNotEquals(old, rotated);
        await().atMost(WITHIN).until(() -> serial(sender.credentials().signingCertificate()).equals(rotated));
        String id = sendAndAwaitReceipt(); // NL-ENU refuses the superseded certificate: a receipt means the new key signed
        ArchivedMessage archived = sender.archive().list().stream()
                .filter(m -> m.header().messageId().toString().equals(id)).findFirst().orElseThrow();
        OpenedMessage opened = bus.node("NL-ENU").services().opener().open(archived.header(), sender.archive().body(archived));
        assertEquals(rotated, serial(opened.signerCertificate()), "the message must be signed with the rotated key");
        // And the audit log's checkpoints are signed with it too.
        Checkpoint checkpoint = sender.audit().checkpoint().orElseThrow();
        X509Certificate signedBy = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(Base64.getDecoder().decode(checkpoint.certificate())));
        assertEquals(rotated, serial(signedBy));
    }

    @Test
    void shouldEncryptToTheNewCertificateAndStillOpenMessagesInFlightWhenARunningRecipientIsRotated() throws Exception {
        startBus();
        sendAndAwaitReceipt();
        NodeServices sender = bus.node("NL-NMT").services();
        NodeServices recipient = bus.node("NL-ENU").services();
        // A message protected for NL-ENU's old certificate, still on its way when NL-ENU gets new keys.
        byte[] document = TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
        MessageHeader header = new eu.bus.validation.MessageValidator().validate(document).header();
        byte[] inFlight = sender.protector().protect(header, "{\"in\":\"flight\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        pki.rotate(layout.pki(), "NL-ENU");

        BigInteger rotated = registeredSerial("NL-ENU", KeyPurpose.ENCRYPTION);
        await().atMost(WITHIN).until(() -> serial(recipient.credentials().encryptionCertificate()).equals(rotated));
        assertEquals("{\"in\":\"flight\"}", new String(recipient.opener().open(header, inFlight).payload(),
                java.nio.charset.StandardCharsets.UTF_8), "the key the rotation replaced must still open what was sent to it");
        sendAndAwaitReceipt(); // encrypted to the new certificate, opened with the new key, receipt signed with NL-ENU's new key
    }

    @Test
    void shouldRefuseSayWhyOnceAndRecoverWhenARunningNodeIsRevokedThenRotated() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            startBus();
            try (BusApiServer api = BusApiServer.start(bus, BusApiServer.Settings.defaults(), Clock.systemUTC())) {
                BusApiClient anyone = new BusApiClient(api.baseUri(), BusApiClient.tls(null, new PkiLayout(layout.pki()).caCertificate()));
                sendAndAwaitReceipt();
                assertEquals("UP", anyone.get("/health").json().path("status").asText());
                log.mark();

                pki.revoke(layout.pki(), "NL-NMT");

                NodeServices revoked = bus.node("NL-NMT").services();
                await().atMost(WITHIN).until(() -> revoked.keys().snapshot().status() == LiveCredentials.Status.REVOKED);
                NodeKeysUnusableException refused = assertThrows(NodeKeysUnusableException.class, () -> bus.node("NL-NMT")
                        .submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"))));
                assertTrue(refused.getMessage().contains("signing certificate of 'NL-NMT'")
                        && refused.getMessage().contains("was revoked")
                        && refused.getMessage().contains("bus keys rotate NL-NMT"), refused.getMessage());

                BusApiClient.Response health = anyone.get("/health");
                assertEquals(200, health.status(), health.body());
                assertEquals("DEGRADED", health.json().path("status").asText(), health.body());
                assertEquals("REVOKED", health.json().path("nodes").get(0).path("status").asText(), health.body());
                assertTrue(health.json().path("nodes").get(0).path("reason").asText().contains("bus keys rotate NL-NMT"), health.body());
                assertEquals("UP", health.json().path("nodes").get(1).path("status").asText(), health.body());

                // Before, the node and the broker logged about 1,000 lines in 15 s: a refused reconnection and its stack
                // trace, again and again, for ever. Now the node says why once and closes its connections at once
                // (the broker notes each closed connection, and a reconnection it refused just before may be logged
                // too), then nothing more.
                Thread.sleep(3_000);
                List<String> first = log.linesSinceMark();
                log.mark();
                Thread.sleep(12_000);
                List<String> after = log.linesSinceMark();
                List<String> why = first.stream().filter(l -> l.contains("node NL-NMT cannot sign or send")).toList();
                assertEquals(1, why.size(), "one line saying why: " + why);
                assertEquals(List.of(), after, "nothing more while the node stays revoked");

                pki.rotate(layout.pki(), "NL-NMT");

                await().atMost(WITHIN).until(() -> revoked.keys().snapshot().usable());
                sendAndAwaitReceipt();
                assertEquals("UP", anyone.get("/health").json().path("status").asText());
            }
        }
    }
}
