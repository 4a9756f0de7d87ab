package eu.bus.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An older CRL is still validly signed: CRL numbers must increase, or a revocation could be undone. */
class CrlNumberTest {

    /** Held here: JUL keeps loggers weakly, and the handler must stay attached while BusTrust logs. */
    private static final Logger TRUST_LOG = Logger.getLogger(BusTrust.class.getName());

    @TempDir
    Path dir;
    PkiLayout layout;
    X509Certificate belgium;
    final List<LogRecord> warnings = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void createPki() {
        DevPki.init(dir, List.of("NL-NMT", "BE-ENU"));
        layout = new PkiLayout(dir);
        belgium = NodeCredentials.load(dir, "BE-ENU").signingCertificate();
        TRUST_LOG.addHandler(capture);
    }

    @AfterEach
    void detachLog() {
        TRUST_LOG.removeHandler(capture);
    }

    static BigInteger numberOf(X509CRL crl) {
        byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getValue();
    }

    private DevPki devPki() {
        return new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
    }

    private void validateBelgium(BusTrust trust) {
        trust.validate(belgium, KeyPurpose.SIGNING, Instant.now());
    }

    @Test
    void shouldIssueIncreasingCrlNumbersWhenCaReissuesTheCrl() {
        List<BigInteger> numbers = new ArrayList<>();
        numbers.add(numberOf(Pem.readCrl(layout.crl())));
        devPki().revoke(dir, "BE-ENU");
        numbers.add(numberOf(Pem.readCrl(layout.crl())));
        devPki().rotate(dir, "NL-NMT");
        numbers.add(numberOf(Pem.readCrl(layout.crl())));
        devPki().refreshCrl(dir);
        numbers.add(numberOf(Pem.readCrl(layout.crl())));
        assertEquals(List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(4)), numbers);
    }

    @Test
    void shouldStillRefuseRevokedCertificateWhenOlderCrlIsCopiedBackOverTheFile() throws Exception {
        BusTrust trust = BusTrust.load(dir);
        validateBelgium(trust);
        byte[] older = Files.readAllBytes(layout.crl());
        devPki().revoke(dir, "BE-ENU");
        assertThrows(CertificateRevokedException.class, () -> validateBelgium(trust), "the newer CRL was followed");

        Files.write(layout.crl(), older);
        Files.setLastModifiedTime(layout.crl(), FileTime.from(Instant.now().plusSeconds(60)));
        for (int i = 0; i < 3; i++) {
            assertThrows(CertificateRevokedException.class, () -> validateBelgium(trust), "validation " + i);
        }
        assertEquals(BigInteger.TWO, numberOf(trust.crl()));
        assertEquals(1, warnings.size(), "the refused file is logged once, not at every validation: " + warnings);
        String logged = warnings.get(0).getMessage();
        assertTrue(logged.contains("number 1, lower than the CRL in use (number 2)") && logged.contains("keeping CRL number 2"),
                logged);
    }

    @Test
    void shouldRefuseOlderCrlWhenUpdatedDirectly() {
        X509CRL older = Pem.readCrl(layout.crl());
        devPki().revoke(dir, "BE-ENU");
        BusTrust trust = BusTrust.load(dir);
        CrlRollbackException e = assertThrows(CrlRollbackException.class, () -> trust.updateCrl(older));
        assertTrue(e.getMessage().contains("un-revoke") && e.getMessage().contains("bus keys crl --dir"), e.getMessage());
        assertThrows(CertificateRevokedException.class, () -> validateBelgium(trust));
    }

    @Test
    void shouldKeepCrlInUseWhenTheSameCrlIsLoadedAgain() throws Exception {
        BusTrust trust = BusTrust.load(dir);
        X509CRL inUse = trust.crl();
        trust.updateCrl(Pem.readCrl(layout.crl()));
        assertSame(inUse, trust.crl());

        Files.setLastModifiedTime(layout.crl(), FileTime.from(Instant.now().plusSeconds(60)));
        validateBelgium(trust);
        assertSame(inUse, trust.crl());
        assertEquals(List.of(), warnings, "a touched but unchanged CRL is no warning");
    }

    @Test
    void shouldRefuseCrlWhenItHasTheSameNumberAndOtherContent() {
        BusTrust trust = BusTrust.load(dir);
        BusCa ca = BusCa.load(layout, ProtectedKeyStore.ofCa(layout.offlineCa()));
        X509CRL first = trust.crl();
        Instant now = Instant.now();
        X509CRL revoking = ca.crl(first, now, now.plus(DevPki.CRL_VALIDITY), BusCa.RevocationReason.KEY_COMPROMISE, belgium);
        X509CRL empty = ca.crl(first, now, now.plus(DevPki.CRL_VALIDITY), BusCa.RevocationReason.KEY_COMPROMISE);
        assertEquals(numberOf(revoking), numberOf(empty));

        trust.updateCrl(revoking);
        CrlRollbackException e = assertThrows(CrlRollbackException.class, () -> trust.updateCrl(empty));
        assertTrue(e.getMessage().contains("number 2, the same as the CRL in use, but other content"), e.getMessage());
        assertThrows(CertificateRevokedException.class, () -> validateBelgium(trust));
    }

    @Test
    void shouldRefuseCrlWhenItHasNoCrlNumber() throws Exception {
        BusCa ca = BusCa.load(layout, ProtectedKeyStore.ofCa(layout.offlineCa()));
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(DevPki.CRL_VALIDITY)));
        X509CRL unnumbered = new JcaX509CRLConverter().getCRL(builder.build(BusCa.signer(ca.key())));

        BusTrust trust = BusTrust.load(dir);
        CrlRollbackException e = assertThrows(CrlRollbackException.class, () -> trust.updateCrl(unnumbered));
        assertTrue(e.getMessage().contains("no CRL number (extension 2.5.29.20)"), e.getMessage());
        assertThrows(CrlRollbackException.class, () -> new BusTrust(ca.certificate(), unnumbered, dir.toString()));
    }
}
