package eu.bus.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own PKI: a node whose certificates an agency's own CA issued is imported from real files (PEM, and
 * PKCS#12 made by openssl), trusted afterwards by NodeTrust against that CA and its CRL, and refused with a
 * precise error for each way the files can be wrong.
 */
class NodeImportTest {

    @TempDir
    Path work;
    Path pki;
    AgencyCa agency;
    /** No password variables: key-store passwords come from the files, as on a machine without them set. */
    final KeyStorePasswords passwords = new KeyStorePasswords(Map.<String, String>of()::get);

    @BeforeEach
    void busAndAgency() {
        pki = work.resolve("pki");
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).withPasswords(passwords).create(pki, List.of("NL-NMT", "EUROPOL"));
        agency = new AgencyCa(work.resolve("agency"), "Bundespolizei Issuing CA");
    }

    private NodeImport importer() {
        return new NodeImport(Clock.systemUTC(), passwords);
    }

    private NodeImport.Result importPem(String node, X509Certificate signing, X509Certificate encryption, boolean withCa) {
        return importer().run(pki, new NodeImport.Request(node, agency.pem(node + "-s.pem", signing), agency.pem(node + "-e.pem", encryption),
                withCa ? agency.caFile() : null, withCa ? agency.crlFile() : null, List.of(), null, false));
    }

    private IllegalArgumentException refused(Executable importing) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, importing);
        assertFalse(Files.exists(new PkiLayout(pki).nodeDir("DE-NMT").resolve("signing.pem")), "nothing written: " + e.getMessage());
        return e;
    }

    @Test
    void shouldTrustANodeImportedFromPemAgainstTheAgencyCaInARunningProcess() {
        NodeTrust running = NodeTrust.load(pki); // loaded before the import: it must follow anchors and registry
        AgencyCa.Issued signing = agency.issue("DE-NMT", KeyPurpose.SIGNING);
        AgencyCa.Issued encryption = agency.issue("DE-NMT", KeyPurpose.ENCRYPTION);
        assertThrows(UntrustedCertificateException.class,
                () -> running.verify("DE-NMT", signing.certificate(), KeyPurpose.SIGNING, Instant.now()));

        NodeImport.Result result = importPem("DE-NMT", signing.certificate(), encryption.certificate(), true);

        assertTrue(result.anchorAdded() && !result.keysImported(), result.toString());
        assertTrue(Files.exists(new PkiLayout(pki).anchor(result.anchor())), "the agency CA is a trust anchor");
        running.verify("DE-NMT", signing.certificate(), KeyPurpose.SIGNING, Instant.now());
        running.verify("DE-NMT", encryption.certificate(), KeyPurpose.ENCRYPTION, Instant.now());
        assertEquals("DE-NMT", NodeTrust.load(pki).authenticate(signing.certificate(), KeyPurpose.SIGNING, Instant.now()));
        RegisteredNode entry = NodeRegistry.load(pki).require("DE-NMT");
        assertEquals("DE", entry.site());
        assertEquals(CertificateFingerprint.of(signing.certificate()), entry.signingCertificateSha256());
        // the bus's own nodes are still trusted as before
        NodeCredentials nl = NodeCredentials.load(pki, "NL-NMT", passwords);
        running.verify("NL-NMT", nl.signingCertificate(), KeyPurpose.SIGNING, Instant.now());
    }

    @Test
    void shouldStoreThePrivateKeysWhenTheCertificatesComeAsPkcs12FromOpenssl() {
        AgencyCa.Issued signing = agency.issue("EUROJUST", KeyPurpose.SIGNING);
        AgencyCa.Issued encryption = agency.issue("EUROJUST", KeyPurpose.ENCRYPTION);
        Path signingP12 = agency.pkcs12("signing", signing.keys().getPrivate(), signing.certificate(), "agency secret");
        Path encryptionP12 = agency.pkcs12("encryption", encryption.keys().getPrivate(), encryption.certificate(), "agency secret");

        NodeImport.Result result = importer().run(pki, new NodeImport.Request("EUROJUST", signingP12, encryptionP12,
                agency.caFile(), agency.crlFile(), List.of(), null, false));

        assertTrue(result.keysImported());
        NodeCredentials credentials = NodeCredentials.load(pki, "EUROJUST", passwords);
        assertEquals(signing.certificate(), credentials.signingCertificate());
        assertTrue(NodeCredentials.matches(credentials.encryptionKey(), encryption.certificate()));
        NodeTrust.load(pki).verify("EUROJUST", credentials.signingCertificate(), KeyPurpose.SIGNING, Instant.now());
        assertEquals("EUROJUST", NodeRegistry.load(pki).require("EUROJUST").site(), "an agency's default site is its id");
        String storedPassword = read(KeyStorePasswords.fileIn(new PkiLayout(pki).nodeDir("EUROJUST")));
        assertFalse(storedPassword.contains("agency secret"), "the bus's key stores get their own random password");
    }

    @Test
    void shouldExchangeSignedAndEncryptedMessagesBetweenAnImportedNodeAndABusNode() {
        AgencyCa.Issued signing = agency.issue("EUROJUST", KeyPurpose.SIGNING);
        AgencyCa.Issued encryption = agency.issue("EUROJUST", KeyPurpose.ENCRYPTION);
        importer().run(pki, new NodeImport.Request("EUROJUST",
                agency.pkcs12("signing", signing.keys().getPrivate(), signing.certificate(), "p"),
                agency.pkcs12("encryption", encryption.keys().getPrivate(), encryption.certificate(), "p"),
                agency.caFile(), agency.crlFile(), List.of(), null, false));
        NodeTrust trust = NodeTrust.load(pki);
        CertificateDirectory directory = CertificateDirectory.of(trust.registry());
        NodeCredentials eurojust = NodeCredentials.load(pki, "EUROJUST", passwords);
        NodeCredentials nl = NodeCredentials.load(pki, "NL-NMT", passwords);
        byte[] payload = "{\"summary\":\"joint investigation\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        eu.bus.message.MessageHeader toNl = header("EUROJUST", "NL-NMT");
        byte[] fromAgency = new eu.bus.envelope.MessageProtector(eurojust, directory, trust, Clock.systemUTC()).protect(toNl, payload);
        eu.bus.envelope.OpenedMessage opened = new eu.bus.envelope.MessageOpener(nl, trust, Clock.systemUTC()).open(toNl, fromAgency);
        assertEquals("EUROJUST", opened.signer());
        assertEquals(new String(payload), new String(opened.payload()));

        eu.bus.message.MessageHeader toEurojust = header("NL-NMT", "EUROJUST");
        byte[] fromBus = new eu.bus.envelope.MessageProtector(nl, directory, trust, Clock.systemUTC()).protect(toEurojust, payload);
        assertEquals("NL-NMT", new eu.bus.envelope.MessageOpener(eurojust, trust, Clock.systemUTC()).open(toEurojust, fromBus).signer());

        agency.revoke(signing.certificate());
        new TrustAnchorStore(pki).importCrl(agency.crlFile());
        byte[] afterRevocation = new eu.bus.envelope.MessageProtector(eurojust, directory, trust, Clock.systemUTC()).protect(toNl, payload);
        assertThrows(CertificateRevokedException.class,
                () -> new eu.bus.envelope.MessageOpener(nl, trust, Clock.systemUTC()).open(toNl, afterRevocation));
    }

    private static eu.bus.message.MessageHeader header(String sender, String recipient) {
        return new eu.bus.message.MessageHeader(java.util.UUID.randomUUID(), eu.bus.message.MessageType.INTELLIGENCE_REPORT, "1.0",
                sender, List.of(recipient), "CASE-2026-000123", null, null, Instant.now(), null,
                eu.bus.message.HandlingCode.H2, eu.bus.message.Classification.RESTRICTED, null, null);
    }

    @Test
    void shouldImportAsecondNodeOfAKnownAgencyWithoutGivingTheCaAgainAndHonourTheSite() {
        importPem("DE-NMT", agency.issue("DE-NMT", KeyPurpose.SIGNING).certificate(),
                agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate(), true);
        AgencyCa.Issued signing = agency.issue("DE-ENU", KeyPurpose.SIGNING);
        importer().run(pki, new NodeImport.Request("DE-ENU", agency.pem("enu-s.pem", signing.certificate(), agency.certificate()),
                agency.pem("enu-e.pem", agency.issue("DE-ENU", KeyPurpose.ENCRYPTION).certificate()), null, null, List.of(), "DE-BKA", false));
        assertEquals("DE-BKA", NodeRegistry.load(pki).require("DE-ENU").site());
        NodeTrust.load(pki).verify("DE-ENU", signing.certificate(), KeyPurpose.SIGNING, Instant.now());
    }

    @Test
    void shouldRefuseAMissingOrUnreadableFile() {
        X509Certificate encryption = agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate();
        IllegalArgumentException e = refused(() -> importer().run(pki, new NodeImport.Request("DE-NMT", work.resolve("nope.pem"),
                agency.pem("e.pem", encryption), agency.caFile(), agency.crlFile(), List.of(), null, false)));
        assertTrue(e.getMessage().contains("no file " + work.resolve("nope.pem")) && e.getMessage().contains("--signing-cert"), e.getMessage());
    }

    @Test
    void shouldRefuseAFileInTheWrongFormat() {
        X509Certificate encryption = agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate();
        Path garbage = agency.write("signing.txt", "this is not a certificate");
        IllegalArgumentException e = refused(() -> importer().run(pki, new NodeImport.Request("DE-NMT", garbage,
                agency.pem("e.pem", encryption), agency.caFile(), agency.crlFile(), List.of(), null, false)));
        assertTrue(e.getMessage().contains("is not a PKCS#12 key store") && e.getMessage().contains("PEM certificate"), e.getMessage());
        Path crlAsCertificate = agency.crlFile();
        e = refused(() -> importer().run(pki, new NodeImport.Request("DE-NMT", crlAsCertificate,
                agency.pem("e.pem", encryption), agency.caFile(), agency.crlFile(), List.of(), null, false)));
        assertTrue(e.getMessage().contains("holds no certificate"), e.getMessage());
    }

    @Test
    void shouldRefuseACertificateNamedForAnotherNode() {
        IllegalArgumentException e = refused(() -> importPem("DE-NMT", agency.issue("FR-NMT", KeyPurpose.SIGNING).certificate(),
                agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate(), true));
        assertTrue(e.getMessage().contains("not to DE-NMT") && e.getMessage().contains("CN=DE-NMT"), e.getMessage());
    }

    @Test
    void shouldRefuseSwappedCertificatesForTheirKeyUsage() {
        IllegalArgumentException e = refused(() -> importPem("DE-NMT", agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate(),
                agency.issue("DE-NMT", KeyPurpose.SIGNING).certificate(), true));
        assertTrue(e.getMessage().contains("lacks the key usage digitalSignature") && e.getMessage().contains("swapped"), e.getMessage());
        assertTrue(e.getCause() instanceof WrongKeyUsageException);
    }

    @Test
    void shouldRefuseAnExpiredCertificate() {
        Instant now = Instant.now();
        AgencyCa.Issued expired = agency.custom("CN=DE-NMT,O=Bundespolizei,C=DE", KeyUsage.digitalSignature,
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)), false);
        IllegalArgumentException e = refused(() -> importPem("DE-NMT", expired.certificate(),
                agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate(), true));
        assertTrue(e.getMessage().contains("expired on") && e.getCause() instanceof CertificateExpiredException, e.getMessage());
    }

    @Test
    void shouldRefuseCertificatesOfACaThatWasNotGiven() {
        IllegalArgumentException e = refused(() -> importPem("DE-NMT", agency.issue("DE-NMT", KeyPurpose.SIGNING).certificate(),
                agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate(), false));
        assertTrue(e.getMessage().contains("not by the bus CA") && e.getMessage().contains("--ca FILE"), e.getMessage());
    }

    @Test
    void shouldRefuseCertificatesThatDoNotChainToTheCaGiven() {
        AgencyCa other = new AgencyCa(work.resolve("other"), "Some Other CA");
        IllegalArgumentException e = refused(() -> importer().run(pki, new NodeImport.Request("DE-NMT",
                other.pem("s.pem", other.issue("DE-NMT", KeyPurpose.SIGNING).certificate()),
                other.pem("e.pem", other.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate()),
                agency.caFile(), agency.crlFile(), List.of(), null, false)));
        assertTrue(e.getMessage().contains("Some Other CA") && e.getMessage().contains("--ca FILE"), e.getMessage());
    }

    @Test
    void shouldRefuseACaCertificateThatIsNotACa() {
        AgencyCa.Issued signing = agency.issue("DE-NMT", KeyPurpose.SIGNING);
        IllegalArgumentException e = refused(() -> importer().run(pki, new NodeImport.Request("DE-NMT",
                agency.pem("s.pem", signing.certificate()), agency.pem("e.pem", agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate()),
                agency.pem("not-a-ca.pem", signing.certificate()), agency.crlFile(), List.of(), null, false)));
        assertTrue(e.getMessage().contains("is not a CA certificate"), e.getMessage());
    }

    @Test
    void shouldRequireTheCrlOfANewCa() {
        IllegalArgumentException e = refused(() -> importer().run(pki, new NodeImport.Request("DE-NMT",
                agency.pem("s.pem", agency.issue("DE-NMT", KeyPurpose.SIGNING).certificate()),
                agency.pem("e.pem", agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate()),
                agency.caFile(), null, List.of(), null, false)));
        assertTrue(e.getMessage().contains("without --crl") && e.getMessage().contains("revoked"), e.getMessage());
        assertFalse(Files.exists(new PkiLayout(pki).anchors()), "no anchor written");
    }

    @Test
    void shouldRefuseANodeAlreadyRegisteredUnlessReplacedAndThenKeepTheOldCertificates() {
        AgencyCa.Issued first = agency.issue("DE-NMT", KeyPurpose.SIGNING);
        importPem("DE-NMT", first.certificate(), agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate(), true);
        AgencyCa.Issued second = agency.issue("DE-NMT", KeyPurpose.SIGNING);
        Path signing = agency.pem("s2.pem", second.certificate());
        Path encryption = agency.pem("e2.pem", agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> importer().run(pki,
                new NodeImport.Request("DE-NMT", signing, encryption, null, null, List.of(), null, false)));
        assertTrue(e.getMessage().contains("already registered") && e.getMessage().contains("--replace"), e.getMessage());
        IllegalArgumentException ours = assertThrows(IllegalArgumentException.class, () -> importer().run(pki,
                new NodeImport.Request("NL-NMT", signing, encryption, null, null, List.of(), null, false)));
        assertTrue(ours.getMessage().contains("already registered"), ours.getMessage());

        NodeImport.Result result = importer().run(pki, new NodeImport.Request("DE-NMT", signing, encryption, null, null, List.of(), null, true));

        assertEquals(2, result.retired().size());
        assertTrue(Files.exists(new PkiLayout(pki).retired("DE-NMT").resolve(first.certificate().getSerialNumber().toString(16) + "-signing.pem")));
        NodeTrust trust = NodeTrust.load(pki);
        trust.verify("DE-NMT", second.certificate(), KeyPurpose.SIGNING, Instant.now());
        assertThrows(UnregisteredCertificateException.class,
                () -> trust.verify("DE-NMT", first.certificate(), KeyPurpose.SIGNING, Instant.now()));
    }

    @Test
    void shouldRefuseAKeyStoreWhoseKeyDoesNotBelongToItsCertificate() {
        AgencyCa.Issued signing = agency.issue("DE-NMT", KeyPurpose.SIGNING);
        AgencyCa.Issued encryption = agency.issue("DE-NMT", KeyPurpose.ENCRYPTION);
        Path good = agency.pkcs12("encryption", encryption.keys().getPrivate(), encryption.certificate(), "x");
        // openssl refuses to pair a key with another key's certificate, so this key store is written as a careless tool
        // would (with the password file openssl's key store uses)
        Path mismatched = work.resolve("agency/mismatched.p12");
        new ProtectedKeyStore(mismatched, "DE-NMT", "", passwords).write(encryption.keys().getPrivate(), signing.certificate());
        IllegalArgumentException e = refused(() -> importer().run(pki, new NodeImport.Request("DE-NMT", mismatched, good,
                agency.caFile(), agency.crlFile(), List.of(), null, false)));
        assertTrue(e.getMessage().contains("does not belong to its signing certificate"), e.getMessage());
    }

    @Test
    void shouldRefuseACertificateTheAgencyRevokedAtImportAndWhileRunning() {
        AgencyCa.Issued signing = agency.issue("DE-NMT", KeyPurpose.SIGNING);
        AgencyCa.Issued encryption = agency.issue("DE-NMT", KeyPurpose.ENCRYPTION);
        AgencyCa.Issued revokedEarlier = agency.issue("DE-ENU", KeyPurpose.SIGNING);
        agency.revoke(revokedEarlier.certificate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> importPem("DE-ENU",
                revokedEarlier.certificate(), agency.issue("DE-ENU", KeyPurpose.ENCRYPTION).certificate(), true));
        assertTrue(e.getMessage().contains("was revoked") && e.getCause() instanceof CertificateRevokedException, e.getMessage());

        importPem("DE-NMT", signing.certificate(), encryption.certificate(), true);
        NodeTrust running = NodeTrust.load(pki);
        running.verify("DE-NMT", signing.certificate(), KeyPurpose.SIGNING, Instant.now());
        agency.revoke(signing.certificate());
        new TrustAnchorStore(pki).importCrl(agency.crlFile());
        CertificateRevokedException revoked = assertThrows(CertificateRevokedException.class,
                () -> running.verify("DE-NMT", signing.certificate(), KeyPurpose.SIGNING, Instant.now()));
        assertTrue(revoked.getMessage().contains("bus keys import DE-NMT --replace"), revoked.getMessage());
    }

    @Test
    void shouldRefuseAnOlderCrlOfTheAgencyAndACrlOfNoAnchor() {
        importPem("DE-NMT", agency.issue("DE-NMT", KeyPurpose.SIGNING).certificate(),
                agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate(), true);
        Path older = agency.crlFile();
        agency.revoke(agency.issue("DE-ENU", KeyPurpose.SIGNING).certificate());
        new TrustAnchorStore(pki).importCrl(agency.crlFile());
        CrlRollbackException rollback = assertThrows(CrlRollbackException.class, () -> new TrustAnchorStore(pki).importCrl(older));
        assertTrue(rollback.getMessage().contains("un-revoke") && rollback.getMessage().contains("bus keys import-crl"), rollback.getMessage());
        AgencyCa stranger = new AgencyCa(work.resolve("stranger"), "Stranger CA");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrustAnchorStore(pki).importCrl(stranger.crlFile()));
        assertTrue(e.getMessage().contains("no trust anchor"), e.getMessage());
    }

    @Test
    void shouldRefuseACertificateOfAnUntrustedCaEvenWhenItsFingerprintIsRegistered() {
        AgencyCa.Issued signing = agency.issue("DE-NMT", KeyPurpose.SIGNING);
        AgencyCa.Issued encryption = agency.issue("DE-NMT", KeyPurpose.ENCRYPTION);
        // someone writes the registry by hand, pinning certificates of a CA the bus never imported
        PkiLayout layout = new PkiLayout(pki);
        SecureFiles.writePublic(layout.certificate("DE-NMT", KeyPurpose.SIGNING), Pem.certificate(signing.certificate()).getBytes());
        SecureFiles.writePublic(layout.certificate("DE-NMT", KeyPurpose.ENCRYPTION), Pem.certificate(encryption.certificate()).getBytes());
        NodeRegistry.load(pki).with(RegisteredNode.of("DE-NMT", layout)).save();
        UntrustedCertificateException e = assertThrows(UntrustedCertificateException.class,
                () -> NodeTrust.load(pki).verify("DE-NMT", signing.certificate(), KeyPurpose.SIGNING, Instant.now()));
        assertTrue(e.getMessage().contains("Bundespolizei Issuing CA"), e.getMessage());
    }

    @Test
    void shouldRefuseTheAgencysCertificatesWhenItsAnchorLosesItsCrl() throws Exception {
        AgencyCa.Issued signing = agency.issue("DE-NMT", KeyPurpose.SIGNING);
        NodeImport.Result result = importPem("DE-NMT", signing.certificate(), agency.issue("DE-NMT", KeyPurpose.ENCRYPTION).certificate(), true);
        Files.delete(PkiLayout.anchorCrl(new PkiLayout(pki).anchor(result.anchor())));
        assertThrows(UntrustedCertificateException.class,
                () -> NodeTrust.load(pki).verify("DE-NMT", signing.certificate(), KeyPurpose.SIGNING, Instant.now()),
                "an anchor without a CRL is not trusted (fail closed)");
    }

    @Test
    void shouldGiveEveryNodeOfAnOlderRegistryItsDefaultSite() throws Exception {
        Path registry = new PkiLayout(pki).registry();
        String json = Files.readString(registry);
        assertTrue(json.contains("\"site\" : \"NL\""), json);
        Files.writeString(registry, json.replaceAll(",\\s*\"site\" : \"[A-Z-]+\"", ""));
        assertFalse(Files.readString(registry).contains("site"));
        assertEquals("NL", NodeRegistry.load(pki).require("NL-NMT").site());
        assertEquals("EUROPOL", NodeRegistry.load(pki).require("EUROPOL").site());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
