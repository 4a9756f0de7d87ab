package eu.bus.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.ProtectedKeyStore;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.Providers;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;

/**
 * A checkpoint's time is its signer's own claim: a key revoked as compromised voids every checkpoint it signed,
 * a key retired in the ordinary way only those dated at or after its revocation.
 */
class CheckpointRevocationTest {

    static final TestPki PKI = AuditTamperTest.PKI;

    @TempDir
    Path dir;
    X509Certificate signing;

    /** 20 records, checkpoints at 10 and 20 records. */
    @BeforeEach
    void writeLog() {
        try (AuditLog log = AuditLog.open(AuditLogConfig.of(dir, "NL-NMT")
                .withCheckpointEvery(10, Duration.ofMinutes(1)), PKI.signer("NL-NMT"))) {
            for (int i = 0; i < 20; i++) {
                log.appendAndWait(AuditLogTest.sent(i));
            }
        }
        signing = NodeCredentials.load(PKI.dir(), "NL-NMT").signingCertificate();
    }

    /** A CRL of the test CA, under {@code issuer}, listing NL-NMT's signing certificate; {@code reason} null: none given. */
    static X509CRL crl(X500Name issuer, X509Certificate revoked, Instant revokedAt, CRLReason reason) throws Exception {
        PrivateKey caKey = ProtectedKeyStore.ofCa(new PkiLayout(PKI.dir()).offlineCa()).entry().key();
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer, Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(30))));
        // The reason code spelled out, even "unspecified" (BouncyCastle would leave that one out); enum order = RFC 5280 code.
        Extensions entry = reason == null ? null : new Extensions(new Extension(Extension.reasonCode, false,
                org.bouncycastle.asn1.x509.CRLReason.lookup(reason.ordinal()).getEncoded()));
        builder.addCRLEntry(revoked.getSerialNumber(), Date.from(revokedAt), entry);
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.TEN));
        return new JcaX509CRLConverter().getCRL(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Providers.bouncyCastle()).build(caKey)));
    }

    X509CRL crlRevokingSigner(Instant revokedAt, CRLReason reason) throws Exception {
        return crl(X500Name.getInstance(PKI.ca().getSubjectX500Principal().getEncoded()), signing, revokedAt, reason);
    }

    VerificationReport verify(X509CRL crl) throws UntrustedCrlException {
        CheckpointRevocation revocation = CheckpointRevocation.against(crl, PKI.ca(), "test-crl.pem");
        return new AuditVerifier(dir, PKI.ca(), revocation).verify(RecordReader.Progress.NONE);
    }

    List<Checkpoint> checkpoints() {
        return CheckpointCodec.read(new LogLayout(dir).checkpoints()).checkpoints();
    }

    static void assertMentions(String text, String... words) {
        for (String word : words) {
            assertTrue(text.contains(word), "'" + word + "' missing in: " + text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @NullSource
    @EnumSource(value = CRLReason.class, names = {"KEY_COMPROMISE", "CA_COMPROMISE", "UNSPECIFIED"})
    void shouldRefuseEveryCheckpointWhenKeyIsRevokedAsCompromisedEvenAfterTheCheckpointsTime(CRLReason reason)
            throws Exception {
        Instant revokedAt = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        VerificationReport report = verify(crlRevokingSigner(revokedAt, reason));
        assertFalse(report.ok(), "a checkpoint signed with the revoked key was accepted: " + report.summary());
        assertEquals(VerificationReport.Where.CHECKPOINT, report.problem().where(), report.summary());
        assertEquals(0, report.problem().index(), report.summary());
        String name = reason == null ? "not given" : switch (reason) {
            case KEY_COMPROMISE -> "keyCompromise";
            case CA_COMPROMISE -> "cACompromise";
            default -> "unspecified";
        };
        assertMentions(report.summary(), "FAILED at checkpoint 0: its signing certificate (NL-NMT, serial "
                + signing.getSerialNumber().toString(16) + ") was revoked on " + revokedAt + " (reason " + name + ")",
                "whatever time it claims");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CRLReason.class, names = {"SUPERSEDED", "CESSATION_OF_OPERATION", "AFFILIATION_CHANGED"})
    void shouldAcceptCheckpointsDatedBeforeRevocationWhenKeyWasRetired(CRLReason reason) throws Exception {
        Instant last = checkpoints().get(1).time();
        VerificationReport report = verify(crlRevokingSigner(last.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1), reason));
        assertTrue(report.ok(), report.summary());
        assertEquals(2, report.checkpoints());
        assertMentions(report.summary(), "revocation checked against the CRL test-crl.pem issued");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CRLReason.class, names = {"SUPERSEDED", "CESSATION_OF_OPERATION", "AFFILIATION_CHANGED"})
    void shouldRefuseCheckpointDatedAtRevocationWhenKeyWasRetired(CRLReason reason) throws Exception {
        // Checkpoint 1 re-signed at a whole second (CRL dates have no fractions), the revocation at that very second.
        Path file = new LogLayout(dir).checkpoints();
        List<byte[]> frames = LogFiles.frames(file);
        Checkpoint cp = AuditTamperTest.decode(frames.get(1));
        Instant at = cp.time().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        frames.set(1, AuditTamperTest.encode(CheckpointCodec.sign(PKI.signer("NL-NMT"), "NL-NMT", cp.treeSize(),
                Sha256.fromHex(cp.rootHash()), at)));
        LogFiles.write(file, frames);

        VerificationReport report = verify(crlRevokingSigner(at, reason));
        assertFalse(report.ok(), "a checkpoint signed with the revoked key was accepted: " + report.summary());
        assertEquals(VerificationReport.Where.CHECKPOINT, report.problem().where(), report.summary());
        assertEquals(1, report.problem().index(), "checkpoint 0, dated before the revocation, stands: " + report.summary());
        assertMentions(report.summary(), "serial " + signing.getSerialNumber().toString(16), "revoked on " + at,
                "dated " + at + ", at or after that: it was signed with a retired key");
    }

    @Test
    void shouldSayRevocationWasNotCheckedWhenNoCrlIsGiven() {
        VerificationReport report = new AuditVerifier(dir, PKI.ca()).verify(RecordReader.Progress.NONE);
        assertTrue(report.ok(), report.summary());
        assertMentions(report.summary(), "revocation NOT checked (no CRL given)");
    }

    @Test
    void shouldRefuseCrlWhenSignedByAnotherCa() throws IOException {
        TestPki other = new TestPki("NL-NMT");
        X509CRL foreign = Pem.readCrl(new PkiLayout(other.dir()).crl());
        UntrustedCrlException e = assertThrows(UntrustedCrlException.class,
                () -> CheckpointRevocation.against(foreign, PKI.ca(), "foreign-crl.pem"));
        assertMentions(e.getMessage(), "foreign-crl.pem does not carry a valid signature of the given CA");
    }

    @Test
    void shouldRefuseCrlWhenIssuedUnderAnotherName() throws Exception {
        X509CRL renamed = crl(new X500Name("CN=another CA,O=bus"), signing, Instant.now(), CRLReason.KEY_COMPROMISE);
        UntrustedCrlException e = assertThrows(UntrustedCrlException.class,
                () -> CheckpointRevocation.against(renamed, PKI.ca(), "renamed-crl.pem"));
        assertMentions(e.getMessage(), "renamed-crl.pem is issued by '", "CN=another CA", "not by the given CA");
    }
}
