package eu.bus.envelope;

import eu.bus.keys.NodeTrust;
import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeRegistry;
import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;

/**
 * Not a test: a stage-by-stage CPU-time breakdown of protect and open (docs/BENCHMARKS.md, "where the time goes").
 * It lives beside the tests because the stages are package-private. Thread CPU time, minimum over 6 rounds, so
 * that other processes on the machine inflate it less than wall-clock JMH figures. Run:
 * <pre>
 * mvn -o -q -B -pl security -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/bus-cp.txt
 * java -cp security/target/test-classes:security/target/classes:$(cat /tmp/bus-cp.txt) eu.bus.envelope.EnvelopeStageTimer
 * </pre>
 */
public final class EnvelopeStageTimer {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 6;
    private static final int CALLS = 3000;

    private EnvelopeStageTimer() {
    }

    interface Stage {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("bus-stage-timer");
        NodeRegistry registry = DevPki.init(dir, List.of("NL-NMT", "NL-ENU", "BE-ENU", "EUROPOL"));
        NodeTrust trust = NodeTrust.load(dir);
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        NodeCredentials sender = NodeCredentials.load(dir, "NL-NMT");
        NodeCredentials recipient = NodeCredentials.load(dir, "EUROPOL");
        CertificateDirectory certificates = CertificateDirectory.of(trust.registry());
        MessageProtector protector = new MessageProtector(sender, certificates, trust, clock);
        MessageOpener opener = new MessageOpener(recipient, trust, clock);
        MessageHeader header = new MessageHeader(UUID.randomUUID(), MessageType.INTELLIGENCE_REPORT, "1.0", "NL-NMT",
                List.of("NL-ENU", "BE-ENU", "EUROPOL"), "CASE-2026-000123", null, null, now, null,
                HandlingCode.H1, Classification.RESTRICTED, null, null);
        byte[] payload = new byte[4096];
        Arrays.fill(payload, (byte) 'a');

        PayloadSigner signer = new PayloadSigner(sender);
        OriginatorKey originator = new OriginatorKey(clock, Duration.ofDays(1), Long.MAX_VALUE);
        List<X509Certificate> recipients = header.recipients().stream().map(certificates::encryptionCertificate).toList();
        byte[] signed = signer.sign(header, payload);
        byte[] message = protector.protect(header, payload);
        RecipientKeys recipientKeys = new RecipientKeys(recipient, 100);
        SignedPayload signedPayload = new SignedPayload();
        SignedPayload.Parsed parsed = signedPayload.parse(signed);

        Map<String, Stage> stages = new LinkedHashMap<>();
        stages.put("protect, 3 recipients (total)", () -> protector.protect(header, payload));
        stages.put("  recipient certificate checks x3 (cached)", () -> {
            for (X509Certificate c : recipients) {
                trust.busTrust().validate(c, KeyPurpose.ENCRYPTION, now);
            }
        });
        stages.put("  SignedData incl. ECDSA sign", () -> signer.sign(header, payload));
        stages.put("    of which header digest (JSON + SHA-256)", () -> HeaderBinding.attributeFor(header));
        stages.put("  AuthEnvelopedData: AES-GCM, 3 key wraps, DER", () ->
                AuthEnvelope.seal(signed, CMSObjectIdentifiers.data, recipients, originator.next()));
        stages.put("open by one recipient (total)", () -> opener.open(header, message));
        stages.put("  parse envelope, unwrap key, AES-GCM", () -> AuthEnvelope.open(message, recipientKeys));
        stages.put("  parse SignedData", () -> signedPayload.parse(signed));
        stages.put("  signer certificate check (cached)", () -> trust.authenticate(sender.signingCertificate(), KeyPurpose.SIGNING, now));
        stages.put("  signature: digest + ECDSA verify", parsed::verifySignature);
        stages.put("  header binding check", () -> HeaderBinding.check(parsed.signedAttributes(), header, "NL-NMT"));
        stages.put("protect 3 + open 1, a new message each time", () -> opener.open(header, protector.protect(header, payload)));

        Map<String, Double> best = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Stage> stage : stages.entrySet()) {
                best.merge(stage.getKey(), cpuMicros(stage.getValue()), Math::min);
            }
        }
        best.forEach((name, micros) -> System.out.printf("%-48s %7.1f us%n", name, micros));
    }

    private static double cpuMicros(Stage stage) throws Exception {
        long start = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < CALLS; i++) {
            stage.run();
        }
        return (MX.getCurrentThreadCpuTime() - start) / 1000.0 / CALLS;
    }
}
