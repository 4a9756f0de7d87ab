package eu.bus.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.LiveRegistry;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.RogueCertificates;
import eu.bus.keys.UnregisteredCertificateException;
import eu.bus.message.MessageHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signers and recipients are the certificates the registry pins: a certificate the bus CA issued with a
 * registered node's name is not that node, and a rotated node is reached under its new certificate.
 */
class RegisteredSignerTest {

    @TempDir
    static Path dir;
    static BusFixture bus;

    @BeforeAll
    static void createPki() {
        bus = new BusFixture(dir.resolve("pki"));
    }

    /** NL-NMT's name on a signing key the CA issued but the registry does not pin (its real encryption key kept). */
    private static NodeCredentials impostor(String node) {
        RogueCertificates.Issued rogue = RogueCertificates.issue(bus.dir, node, KeyPurpose.SIGNING);
        NodeCredentials real = bus.credentials(node);
        return new NodeCredentials(node, rogue.keys().getPrivate(), rogue.certificate(),
                real.encryptionKey(), real.encryptionCertificate());
    }

    @Test
    void shouldRefuseAMessageWhenItsSignerCertificateIsNotTheRegisteredOne() {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = new MessageProtector(impostor("NL-NMT"), bus.directory, bus.trust, bus.clock)
                .protect(header, BusFixture.payload(512));
        UnregisteredCertificateException e = assertThrows(UnregisteredCertificateException.class,
                () -> bus.opener("NL-ENU").open(header, message));
        assertTrue(e.getMessage().contains("not the signing certificate registered for 'NL-NMT'"), e.getMessage());
    }

    @Test
    void shouldRefuseAForwardedOriginalWhenItsSignerCertificateIsNotTheRegisteredOne() throws Exception {
        MessageHeader original = bus.header("BE-NMT", "BE-ENU");
        byte[] signedByImpostor = new PayloadSigner(impostor("BE-NMT")).sign(original, BusFixture.payload(256));
        UnregisteredCertificateException e = assertThrows(UnregisteredCertificateException.class,
                () -> bus.opener("EUROPOL").verifyForwarded(original, signedByImpostor));
        assertTrue(e.getMessage().contains("registered for 'BE-NMT'"), e.getMessage());

        byte[] signedByBeNmt = new PayloadSigner(bus.credentials("BE-NMT")).sign(original, BusFixture.payload(256));
        assertEquals("BE-NMT", bus.opener("EUROPOL").verifyForwarded(original, signedByBeNmt).signer());
    }

    @Test
    void shouldRefuseToEncryptWhenARecipientCertificateIsNotTheRegisteredOne() {
        X509Certificate rogue = RogueCertificates.issue(bus.dir, "DE-ENU", KeyPurpose.ENCRYPTION).certificate();
        CertificateDirectory forged = (node, purpose) -> rogue;
        MessageProtector sender = new MessageProtector(bus.credentials("DE-NMT"), forged, bus.trust, bus.clock);
        UnregisteredCertificateException e = assertThrows(UnregisteredCertificateException.class,
                () -> sender.protect(bus.header("DE-NMT", "DE-ENU"), BusFixture.payload(100)));
        assertTrue(e.getMessage().contains("not the encryption certificate registered for 'DE-ENU'"), e.getMessage());
    }

    @Test
    void shouldRefuseACertificateFileThatIsNotTheRegisteredOneWhenLookingUpARecipient() throws Exception {
        X509Certificate rogue = RogueCertificates.issue(bus.dir, "PL-ENU", KeyPurpose.ENCRYPTION).certificate();
        Path file = new PkiLayout(bus.dir).certificate("PL-ENU", KeyPurpose.ENCRYPTION);
        String genuine = Files.readString(file);
        Files.writeString(file, Pem.certificate(rogue));
        try {
            CertificateDirectory fresh = CertificateDirectory.of(LiveRegistry.follow(bus.dir));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> fresh.encryptionCertificate("PL-ENU"));
            assertTrue(e.getMessage().contains("is not the encryption certificate registered for PL-ENU"), e.getMessage());
        } finally {
            Files.writeString(file, genuine);
        }
    }

    @Test
    void shouldEncryptToTheNewCertificateWhenTheRecipientWasRotatedWhileTheSenderRuns() {
        MessageProtector sender = bus.protector("FR-NMT");
        NodeCredentials before = NodeCredentials.load(bus.dir, "FR-ENU");
        MessageHeader earlier = bus.header("FR-NMT", "FR-ENU");
        byte[] toTheOldKey = sender.protect(earlier, BusFixture.payload(300)); // the sender has FR-ENU's certificate at hand
        assertEquals("FR-NMT", new MessageOpener(before, bus.trust, bus.clock).open(earlier, toTheOldKey).signer());
        new DevPki(bus.clock, DevPki.DEFAULT_NODE_VALIDITY).rotate(bus.dir, "FR-ENU");
        NodeCredentials after = NodeCredentials.load(bus.dir, "FR-ENU");

        MessageHeader header = bus.header("FR-NMT", "FR-ENU");
        byte[] payload = BusFixture.payload(300);
        byte[] message = sender.protect(header, payload);
        assertArrayEquals(payload, new MessageOpener(after, bus.trust, bus.clock).open(header, message).payload());
        assertThrows(NotARecipientException.class, () -> new MessageOpener(before, bus.trust, bus.clock).open(header, message),
                "nothing is encrypted to the replaced key");
    }
}
