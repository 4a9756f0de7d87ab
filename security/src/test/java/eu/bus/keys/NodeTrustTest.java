package eu.bus.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A certificate speaks for a node only when it is the one the registry pins, not when it merely carries the name. */
class NodeTrustTest {

    @TempDir
    Path dir;
    NodeTrust trust;

    @BeforeEach
    void createPki() {
        DevPki.init(dir, List.of("NL-NMT", "NL-ENU"));
        trust = NodeTrust.load(dir);
    }

    @Test
    void shouldNameTheNodeWhenTheCertificateIsItsRegisteredOne() {
        NodeCredentials nl = NodeCredentials.load(dir, "NL-NMT");
        assertEquals("NL-NMT", trust.authenticate(nl.signingCertificate(), KeyPurpose.SIGNING, Instant.now()));
        trust.verify("NL-NMT", nl.encryptionCertificate(), KeyPurpose.ENCRYPTION, Instant.now());
    }

    @Test
    void shouldRefuseACertificateFromTheBusCaWhenItIsNotTheRegisteredOneOfTheNodeItNames() {
        X509Certificate rogue = RogueCertificates.issue(dir, "NL-NMT", KeyPurpose.SIGNING).certificate();
        trust.busTrust().validate(rogue, KeyPurpose.SIGNING, Instant.now()); // the CA vouches for it...
        UnregisteredCertificateException e = assertThrows(UnregisteredCertificateException.class,
                () -> trust.authenticate(rogue, KeyPurpose.SIGNING, Instant.now())); // ...the registry does not
        assertTrue(e.getMessage().contains("not the signing certificate registered for 'NL-NMT'")
                && e.getMessage().contains(CertificateFingerprint.of(rogue)), e.getMessage());
        X509Certificate rogueEncryption = RogueCertificates.issue(dir, "NL-ENU", KeyPurpose.ENCRYPTION).certificate();
        assertThrows(UnregisteredCertificateException.class,
                () -> trust.verify("NL-ENU", rogueEncryption, KeyPurpose.ENCRYPTION, Instant.now()));
    }

    @Test
    void shouldRefuseACertificateFromTheBusCaWhenItNamesNoRegisteredNode() {
        X509Certificate stranger = RogueCertificates.issue(dir, "DE-NMT", KeyPurpose.SIGNING).certificate();
        UnregisteredCertificateException e = assertThrows(UnregisteredCertificateException.class,
                () -> trust.authenticate(stranger, KeyPurpose.SIGNING, Instant.now()));
        assertTrue(e.getMessage().contains("names no node of the registry"), e.getMessage());
    }

    @Test
    void shouldFollowTheRegistryWhenANodesCertificateIsReplacedWhileRunning() {
        X509Certificate before = NodeCredentials.load(dir, "NL-NMT").signingCertificate();
        X509Certificate after = RogueCertificates.reregister(dir, "NL-NMT").certificate();
        assertThrows(UnregisteredCertificateException.class, () -> trust.authenticate(before, KeyPurpose.SIGNING, Instant.now()),
                "the replaced certificate is refused at once, even before the CRL lists it");
        assertEquals("NL-NMT", trust.authenticate(after, KeyPurpose.SIGNING, Instant.now()));
    }
}
