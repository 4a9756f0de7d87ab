package eu.bus.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditLogConfig;
import eu.bus.audit.AuditRecord;
import eu.bus.audit.AuditRecordCodec;
import eu.bus.audit.AuditVerifier;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.audit.LogLayout;
import eu.bus.audit.RecordReader;
import eu.bus.audit.Sha256;
import eu.bus.audit.VerificationReport;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.Providers;
import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageArchiveTest {

    private static final String OPENSSL = "openssl";

    @TempDir
    static Path pki;
    static NodeCredentials node;

    @TempDir
    Path dir;

    @BeforeAll
    static void createPki() {
        DevPki.init(pki.resolve("pki"), List.of("NL-NMT"));
        node = NodeCredentials.load(pki.resolve("pki"), "NL-NMT");
    }

    static MessageHeader header(Instant createdAt) {
        return new MessageHeader(UUID.randomUUID(), MessageType.INTELLIGENCE_REPORT, "1.0", "NL-NMT",
                List.of("NL-ENU"), "CASE-2026-000123", null, null, createdAt, null, HandlingCode.H0,
                Classification.RESTRICTED, null, null);
    }

    /** A real CMS SignedData, standing in for what the envelope produces. */
    static byte[] cms(String content) throws Exception {
        CMSSignedDataGenerator g = new CMSSignedDataGenerator();
        g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .setProvider(Providers.bouncyCastle()).build()).build(new JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(Providers.bouncyCastle()).build(node.signingKey()), node.signingCertificate()));
        g.addCertificates(new JcaCertStore(List.of(node.signingCertificate())));
        return g.generate(new CMSProcessableByteArray(content.getBytes()), true).getEncoded("DER");
    }

    @Test
    void shouldStoreExactBytesByDigestWhenMessageIsArchived() throws Exception {
        MessageArchive archive = new MessageArchive(dir);
        byte[] body = cms("payload");
        MessageHeader h = header(Instant.now());
        ArchivedMessage m = archive.store(h, body);
        archive.store(h, body);

        String digest = Sha256.hex(body);
        assertEquals(dir.resolve("archive").resolve(digest.substring(0, 2)).resolve(digest + ".der"), m.body());
        assertArrayEquals(body, Files.readAllBytes(m.body()));
        assertEquals(h, archive.find(digest).orElseThrow().header());
        assertArrayEquals(body, archive.body(archive.find(digest).orElseThrow()));
        assertEquals(1, archive.list().size());
    }

    @Test
    void shouldBeOpenedByStockOpensslWhenBodyIsArchived() throws Exception {
        ArchivedMessage m = new MessageArchive(dir).store(header(Instant.now()), cms("payload"));
        Path ca = new PkiLayout(pki.resolve("pki")).caCertificate();
        String out = openssl("cms", "-verify", "-inform", "DER", "-in", m.body().toString(), "-CAfile", ca.toString(),
                "-purpose", "any");
        assertTrue(out.contains("payload"), out);
    }

    /** Runs openssl (the auditor's tool) and returns its output; a missing openssl fails the test rather than skipping it. */
    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(OPENSSL));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("this test needs OpenSSL 3 as '" + OPENSSL + "' on the PATH (auditors open archived "
                    + "bodies with it, docs/AUDIT.md); install it (e.g. apt-get install openssl): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "openssl did not finish: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }

    @Test
    void shouldDeleteOldBodiesAndStillVerifyWhenPurged() throws Exception {
        MessageArchive archive = new MessageArchive(dir);
        Instant cutoff = Instant.parse("2026-06-01T00:00:00Z");
        ArchivedMessage old = archive.store(header(cutoff.minusSeconds(86400)), cms("old"));
        ArchivedMessage recent = archive.store(header(cutoff.plusSeconds(86400)), cms("recent"));
        AuditLogConfig config = AuditLogConfig.of(dir, "NL-NMT");
        try (AuditLog log = AuditLog.open(config, JcaCheckpointSigner.of(node))) {
            log.appendAndWait(eu.bus.audit.AuditEntry.of(AuditEvent.SENT).message(old.header()).digest(old.digest())
                    .build());
            List<ArchivedMessage> purged = new RetentionPurge(archive, log).purgeBefore(cutoff, "auditor-1");
            assertEquals(List.of(old.digest()), purged.stream().map(ArchivedMessage::digest).toList());
        }
        assertFalse(Files.exists(old.body()));
        assertTrue(archive.find(old.digest()).isEmpty());
        assertTrue(Files.exists(recent.body()));

        VerificationReport report = new AuditVerifier(dir, Pem.readCertificate(new PkiLayout(pki.resolve("pki"))
                .caCertificate())).verify(RecordReader.Progress.NONE);
        assertTrue(report.ok(), report.summary());
        List<AuditRecord> records = new ArrayList<>();
        RecordReader.read(new LogLayout(dir), (i, d, o, l) -> records.add(AuditRecordCodec.decode(d, o, l)),
                RecordReader.Progress.NONE);
        AuditRecord purge = records.get(1);
        assertEquals(AuditEvent.PURGED, purge.event());
        assertEquals(old.digest(), purge.digest());
        assertEquals(old.header().messageId(), purge.messageId());
    }
}
