package eu.bus.bench;

import eu.bus.envelope.MessageOpener;
import eu.bus.envelope.MessageProtector;
import eu.bus.keys.Algorithms;
import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.keys.Providers;
import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per message of protect (1 and 3 recipients) and open, 4 KiB payload, plus the primitives they are made of
 * (the "breakdown" in docs/BENCHMARKS.md). Run: ./bench.sh Envelope -f 1 -wi 3 -i 5
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvelopeBenchmark {

    private static final int PAYLOAD_BYTES = 4096;

    private Path dir;
    private MessageProtector protector;
    private MessageProtector protectorFreshOriginatorKey;
    private MessageOpener opener;
    private MessageHeader header1;
    private MessageHeader header3;
    private byte[] payload;
    private byte[] protected3;
    private byte[] protected1;

    // primitives for the breakdown
    private KeyPair p256;
    private KeyPair peer;
    private byte[] signature;
    private SecretKeySpec aesKey;
    private final SecureRandom random = new SecureRandom();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("bus-bench-pki");
        DevPki.init(dir, List.of("NL-NMT", "NL-ENU", "BE-ENU", "EUROPOL"));
        NodeTrust trust = NodeTrust.load(dir);
        CertificateDirectory certificates = CertificateDirectory.of(trust.registry());
        Instant now = Instant.now();
        Clock fixed = Clock.fixed(now, ZoneOffset.UTC); // the header stays inside the time window for the whole run
        NodeCredentials sender = NodeCredentials.load(dir, "NL-NMT");
        protector = new MessageProtector(sender, certificates, trust, fixed);
        protectorFreshOriginatorKey = new MessageProtector(sender, certificates, trust, fixed, Duration.ofDays(1), 1);
        opener = new MessageOpener(NodeCredentials.load(dir, "EUROPOL"), trust, fixed);
        header1 = header(now, "EUROPOL");
        header3 = header(now, "NL-ENU", "BE-ENU", "EUROPOL");
        payload = new byte[PAYLOAD_BYTES];
        Arrays.fill(payload, (byte) 'a');
        payload[0] = '"';
        payload[PAYLOAD_BYTES - 1] = '"';
        protected3 = protector.protect(header3, payload);
        protected1 = protector.protect(header1, payload);
        opener.open(header3, protected3); // sanity check before measuring
        opener.open(header1, protected1);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.bouncyCastle());
        generator.initialize(new ECGenParameterSpec(Algorithms.CURRENT.curve));
        p256 = generator.generateKeyPair();
        peer = generator.generateKeyPair();
        signature = ecdsaSign();
        aesKey = new SecretKeySpec(new byte[32], "AES");
        trust.authenticate(certificates.certificate("NL-NMT", KeyPurpose.SIGNING), KeyPurpose.SIGNING, now);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static MessageHeader header(Instant createdAt, String... recipients) {
        return new MessageHeader(UUID.randomUUID(), MessageType.INTELLIGENCE_REPORT, "1.0", "NL-NMT",
                List.of(recipients), "CASE-2026-000123", null, null, createdAt, null,
                HandlingCode.H1, Classification.RESTRICTED, null, null);
    }

    @Benchmark
    public byte[] protect1Recipient() {
        return protector.protect(header1, payload);
    }

    @Benchmark
    public byte[] protect3Recipients() {
        return protector.protect(header3, payload);
    }

    /** Opens a message addressed to 3 recipients (the opener finds its own recipient info among them). */
    @Benchmark
    public Object open() {
        return opener.open(header3, protected3);
    }

    @Benchmark
    public Object open1Recipient() {
        return opener.open(header1, protected1);
    }

    /** The 600 us target: protect for 3 recipients and open by one of them. */
    @Benchmark
    public Object protect3AndOpen() {
        return opener.open(header3, protector.protect(header3, payload));
    }

    /** Without the originator-key reuse: a key generation and 3 ECDH per message (what plain CMS tools do). */
    @Benchmark
    public byte[] protect3RecipientsFreshOriginatorKey() {
        return protectorFreshOriginatorKey.protect(header3, payload);
    }

    // --- breakdown: the primitives, warm, same providers as the bus uses ---

    @Benchmark
    public byte[] ecdsaSign() throws Exception {
        Signature s = Signature.getInstance(Algorithms.CURRENT.signature, Providers.bouncyCastle());
        s.initSign(p256.getPrivate());
        s.update(payload, 0, 32);
        return s.sign();
    }

    @Benchmark
    public boolean ecdsaVerify() throws Exception {
        Signature s = Signature.getInstance(Algorithms.CURRENT.signature, Providers.bouncyCastle());
        s.initVerify(p256.getPublic());
        s.update(payload, 0, 32);
        return s.verify(signature);
    }

    @Benchmark
    public byte[] ecdh() throws Exception {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH", Providers.bouncyCastle());
        agreement.init(p256.getPrivate());
        agreement.doPhase(peer.getPublic(), true);
        return agreement.generateSecret();
    }

    @Benchmark
    public KeyPair ecKeyGeneration() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.bouncyCastle());
        generator.initialize(new ECGenParameterSpec(Algorithms.CURRENT.curve));
        return generator.generateKeyPair();
    }

    @Benchmark
    public byte[] aesGcm4KiBSunJce() throws Exception {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", Algorithms.BULK_CIPHER_PROVIDER);
        gcm.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, nonce));
        return gcm.doFinal(payload);
    }

    @Benchmark
    public byte[] aesKeyWrap() throws Exception {
        Cipher wrap = Cipher.getInstance(Algorithms.CURRENT.keyWrap, Algorithms.BULK_CIPHER_PROVIDER);
        wrap.init(Cipher.WRAP_MODE, aesKey);
        return wrap.wrap(aesKey);
    }
}
