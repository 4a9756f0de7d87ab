package eu.bus.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiTest {

    private static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST", "AUDITOR");

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryFileWithOwnerOnlyPrivateKeysWhenInitialised() throws Exception {
        DevPki.init(dir, NODES);
        PkiLayout layout = new PkiLayout(dir);
        assertEquals("rw-------", perms(layout.caKey()));
        assertEquals("rw-------", perms(layout.caPkcs12()));
        for (String node : NODES) {
            for (KeyPurpose purpose : KeyPurpose.values()) {
                assertEquals("rw-------", perms(layout.privateKey(node, purpose)));
                assertEquals("rw-------", perms(layout.pkcs12(node, purpose)));
                assertEquals("rw-r--r--", perms(layout.certificate(node, purpose)));
            }
        }
        assertTrue(Files.exists(layout.crl()));
    }

    @Test
    void shouldPutNodeIdAndKeyUsageIntoCertificatesWhenInitialised() {
        DevPki.init(dir, NODES);
        NodeCredentials nl = NodeCredentials.load(dir, "NL-NMT");
        X509Certificate signing = nl.signingCertificate();
        assertEquals("NL-NMT", CertificateNames.nodeIdOf(signing));
        assertTrue(signing.getSubjectX500Principal().getName().contains("C=NL"));
        assertTrue(signing.getKeyUsage()[0] && signing.getKeyUsage()[1], "digitalSignature + nonRepudiation");
        assertTrue(nl.encryptionCertificate().getKeyUsage()[4], "keyAgreement");
        assertEquals(-1, signing.getBasicConstraints());
        X509Certificate ca = Pem.readCertificate(new PkiLayout(dir).caCertificate());
        assertTrue(ca.getBasicConstraints() >= 0 && ca.getKeyUsage()[5] && ca.getKeyUsage()[6], "CA, keyCertSign, cRLSign");
        assertNotEquals(nl.signingCertificate().getPublicKey(), nl.encryptionCertificate().getPublicKey());
    }

    @Test
    void shouldDeriveRoleAndCountryWhenRegistryIsLoaded() {
        DevPki.init(dir, NODES);
        NodeRegistry registry = NodeRegistry.load(dir);
        assertEquals(NODES.size(), registry.nodes().size());
        assertEquals(NodeRole.NMT, registry.require("NL-NMT").role());
        assertEquals("NL", registry.require("NL-NMT").country());
        assertEquals(NodeRole.ENU, registry.require("BE-ENU").role());
        assertEquals(NodeRole.AGENCY, registry.require("EUROJUST").role());
        assertNull(registry.require("EUROPOL").country());
        assertEquals(NodeRole.AUDITOR, registry.require("AUDITOR").role());
        assertTrue(Files.exists(registry.certificatePath("BE-NMT", KeyPurpose.ENCRYPTION)));
        UnknownNodeException e = assertThrows(UnknownNodeException.class, () -> registry.require("DE-NMT"));
        assertTrue(e.getMessage().contains("DE-NMT"));
    }

    @Test
    void shouldRejectUnknownRoleWhenInitialised() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DevPki.init(dir, List.of("NL-XYZ")));
        assertTrue(e.getMessage().contains("NL-XYZ"));
        assertTrue(Files.notExists(new PkiLayout(dir).caCertificate()), "nothing written for a bad node list");
    }

    @Test
    void shouldAcceptValidCertificateAndCacheWhenValidated() {
        DevPki.init(dir, NODES);
        BusTrust trust = BusTrust.load(dir);
        NodeCredentials nl = NodeCredentials.load(dir, "NL-NMT");
        trust.validate(nl.signingCertificate(), KeyPurpose.SIGNING, Instant.now());
        trust.validate(nl.encryptionCertificate(), KeyPurpose.ENCRYPTION, Instant.now());
    }

    @Test
    void shouldRejectEncryptionCertificateWhenUsedForSigning() {
        DevPki.init(dir, NODES);
        NodeCredentials nl = NodeCredentials.load(dir, "NL-NMT");
        WrongKeyUsageException e = assertThrows(WrongKeyUsageException.class,
                () -> BusTrust.load(dir).validate(nl.encryptionCertificate(), KeyPurpose.SIGNING, Instant.now()));
        assertTrue(e.getMessage().contains("'NL-NMT'") && e.getMessage().contains("does not allow digital signatures"), e.getMessage());
    }

    @Test
    void shouldRejectCertificateWhenRevoked() {
        DevPki.init(dir, NODES);
        X509Certificate signing = NodeCredentials.load(dir, "BE-ENU").signingCertificate();
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).revoke(dir, "BE-ENU");
        CertificateRevokedException e = assertThrows(CertificateRevokedException.class,
                () -> BusTrust.load(dir).validate(signing, KeyPurpose.SIGNING, Instant.now()));
        assertTrue(e.getMessage().contains("'BE-ENU'") && e.getMessage().contains("bus keys rotate BE-ENU"), e.getMessage());
    }

    @Test
    void shouldIssueNewKeysAndRevokeOldWhenRotated() {
        DevPki.init(dir, NODES);
        X509Certificate old = NodeCredentials.load(dir, "NL-ENU").signingCertificate();
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).rotate(dir, "NL-ENU");
        X509Certificate fresh = NodeCredentials.load(dir, "NL-ENU").signingCertificate();
        assertNotEquals(old.getSerialNumber(), fresh.getSerialNumber());
        BusTrust trust = BusTrust.load(dir);
        trust.validate(fresh, KeyPurpose.SIGNING, Instant.now());
        assertThrows(CertificateRevokedException.class, () -> trust.validate(old, KeyPurpose.SIGNING, Instant.now()));
        assertTrue(Files.exists(new PkiLayout(dir).retired("NL-ENU").resolve(old.getSerialNumber().toString(16) + "-signing.pem")));
    }

    @Test
    void shouldRejectCertificateWhenExpired() {
        Clock lastYear = Clock.fixed(Instant.now().minus(Duration.ofDays(400)), ZoneOffset.UTC);
        new DevPki(lastYear, Duration.ofDays(30)).create(dir, List.of("NL-NMT"));
        X509Certificate signing = NodeCredentials.load(dir, "NL-NMT").signingCertificate();
        BusTrust trust = BusTrust.load(dir);
        CertificateExpiredException e = assertThrows(CertificateExpiredException.class,
                () -> trust.validate(signing, KeyPurpose.SIGNING, lastYear.instant().plus(Duration.ofDays(31))));
        assertTrue(e.getMessage().contains("expired") && e.getMessage().contains("bus keys rotate NL-NMT"), e.getMessage());
    }

    @Test
    void shouldRejectCertificateWhenIssuedByAnotherCa(@TempDir Path otherDir) {
        DevPki.init(dir, List.of("NL-NMT"));
        DevPki.init(otherDir, List.of("NL-NMT"));
        X509Certificate foreign = NodeCredentials.load(otherDir, "NL-NMT").signingCertificate();
        UntrustedCertificateException e = assertThrows(UntrustedCertificateException.class,
                () -> BusTrust.load(dir).validate(foreign, KeyPurpose.SIGNING, Instant.now()));
        assertTrue(e.getMessage().contains("signature of the bus CA"), e.getMessage());
    }

    @Test
    void shouldRefuseRevocationCheckWhenCrlIsStale() {
        DevPki.init(dir, List.of("NL-NMT"));
        X509Certificate signing = NodeCredentials.load(dir, "NL-NMT").signingCertificate();
        RevocationStatusUnknownException e = assertThrows(RevocationStatusUnknownException.class,
                () -> BusTrust.load(dir).validate(signing, KeyPurpose.SIGNING, Instant.now().plus(Duration.ofDays(40))));
        assertTrue(e.getMessage().contains("bus keys crl"), e.getMessage());
        assertNotNull(BusTrust.load(dir).crl());
    }

    private static String perms(Path file) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
