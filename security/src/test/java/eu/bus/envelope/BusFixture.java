package eu.bus.envelope;

import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.NodeTrust;
import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A dev PKI on disk with helpers to protect and open messages between its nodes. Keys are generated at test time. */
final class BusFixture {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "DE-NMT", "DE-ENU", "FR-NMT",
            "FR-ENU", "PL-ENU", "RO-ENU", "EUROPOL", "EUROJUST", "AUDITOR", "IT-NMT", "ES-NMT");

    final Path dir;
    final Clock clock = Clock.systemUTC();
    final NodeRegistry registry;
    final NodeTrust trust;
    final CertificateDirectory directory;
    private final Map<String, NodeCredentials> credentials = new ConcurrentHashMap<>();

    BusFixture(Path dir) {
        this.dir = dir;
        this.registry = DevPki.init(dir, NODES);
        this.trust = NodeTrust.load(dir);
        this.directory = CertificateDirectory.of(trust.registry());
    }

    NodeCredentials credentials(String node) {
        return credentials.computeIfAbsent(node, n -> NodeCredentials.load(dir, n));
    }

    MessageProtector protector(String sender) {
        return new MessageProtector(credentials(sender), directory, trust, clock);
    }

    MessageOpener opener(String recipient) {
        return new MessageOpener(credentials(recipient), trust, clock);
    }

    MessageHeader header(String sender, String... recipients) {
        return header(sender, clock.instant(), recipients);
    }

    static MessageHeader header(String sender, Instant createdAt, String... recipients) {
        return new MessageHeader(UUID.randomUUID(), MessageType.INTELLIGENCE_REPORT, "1.0", sender,
                Arrays.asList(recipients), "CASE-2026-000123", null, null, createdAt, null,
                HandlingCode.H2, Classification.RESTRICTED, null, null);
    }

    /** A JSON payload of about {@code size} bytes. */
    static byte[] payload(int size) {
        StringBuilder json = new StringBuilder("{\"summary\":\"");
        while (json.length() < size - 2) {
            json.append("victim referral data ");
        }
        json.setLength(size - 2);
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
