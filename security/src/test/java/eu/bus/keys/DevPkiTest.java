package eu.bus.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiTest {

    private static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST", "AUDITOR");

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryPrivateKeyInOwnerOnlyKeyStoresWhenInitialised() throws Exception {
        DevPki.init(dir, NODES);
        PkiLayout layout = new PkiLayout(dir);
        assertEquals("rw-------", perms(PkiLayout.caKeyStoreIn(layout.offlineCa())));
        assertEquals("rw-------", perms(KeyStorePasswords.fileIn(layout.offlineCa())));
        for (String node : NODES) {
            for (KeyPurpose purpose : KeyPurpose.values()) {
                assertEquals("rw-------", perms(layout.pkcs12(node, purpose)));
                assertEquals("rw-r--r--", perms(layout.certificate(node, purpose)));
            }
            assertEquals("rw-------", perms(KeyStorePasswords.fileIn(layout.nodeDir(node))));
        }
        for (String server : ServerCertificates.DEFAULTS) {
            assertEquals("rw-------", perms(layout.serverKeyStore(server)));
            assertEquals("rw-------", perms(KeyStorePasswords.fileIn(layout.serverDir(server))));
        }
        assertTrue(Files.exists(layout.crl()));
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> plainKeys = files.filter(f -> f.getFileName().toString().endsWith("-key.pem")).toList();
            assertEquals(List.of(), plainKeys, "no unencrypted private key unless asked for");
        }
    }

    @Test
    void shouldGiveEveryOwnerItsOwnRandomPasswordWhenInitialised() throws Exception {
        DevPki.init(dir, NODES);
        PkiLayout layout = new PkiLayout(dir);
        Set<String> passwords = new HashSet<>();
        passwords.add(Files.readString(KeyStorePasswords.fileIn(layout.offlineCa())).strip());
        for (String node : NODES) {
            passwords.add(Files.readString(KeyStorePasswords.fileIn(layout.nodeDir(node))).strip());
        }
        for (String server : ServerCertificates.DEFAULTS) {
            passwords.add(Files.readString(KeyStorePasswords.fileIn(layout.serverDir(server))).strip());
        }
        assertEquals(1 + NODES.size() + ServerCertificates.DEFAULTS.size(), passwords.size(), "one password per owner");
        // 256 random bits, URL-safe Base64: 43 characters.
        assertTrue(passwords.stream().allMatch(p -> p.matches("[A-Za-z0-9_-]{43}")), passwords.toString());
    }

    @Test
    void shouldWritePlainPemKeysOnlyWhenAskedFor() throws Exception {
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).withPlainPemKeys(true).create(dir, List.of("NL-NMT"));
        PkiLayout layout = new PkiLayout(dir);
        NodeCredentials nl = NodeCredentials.load(dir, "NL-NMT");
        Path pem = layout.privateKey("NL-NMT", KeyPurpose.SIGNING);
        assertEquals("rw-------", perms(pem));
        assertArrayEquals(nl.signingKey().getEncoded(), Pem.readPrivateKey(pem).getEncoded());
        assertArrayEquals(nl.encryptionKey().getEncoded(),
                Pem.readPrivateKey(layout.privateKey("NL-NMT", KeyPurpose.ENCRYPTION)).getEncoded());
    }

    @Test
    void shouldTakeThePasswordFromTheEnvironmentWhenItsVariableIsSet() {
        KeyStorePasswords environment = new KeyStorePasswords(Map.of("BUS_KEYSTORE_PASSWORD_NL_NMT", "from the vault")::get);
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).withPasswords(environment).create(dir, List.of("NL-NMT"));
        PkiLayout layout = new PkiLayout(dir);
        assertFalse(Files.exists(KeyStorePasswords.fileIn(layout.nodeDir("NL-NMT"))), "no password file when the variable gives it");
        assertNotNull(NodeCredentials.load(dir, "NL-NMT", environment));

        KeyStorePasswordException e = assertThrows(KeyStorePasswordException.class,
                () -> NodeCredentials.load(dir, "NL-NMT", new KeyStorePasswords(name -> null)));
        assertTrue(e.getMessage().contains("BUS_KEYSTORE_PASSWORD_NL_NMT")
                && e.getMessage().contains(KeyStorePasswords.fileIn(layout.nodeDir("NL-NMT")).toString()), e.getMessage());
    }

    @Test
    void shouldRefuseAPasswordFileWhenOthersCanReadIt() throws Exception {
        DevPki.init(dir, List.of("NL-NMT"));
        Path file = KeyStorePasswords.fileIn(new PkiLayout(dir).nodeDir("NL-NMT"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        KeyStorePasswordException e = assertThrows(KeyStorePasswordException.class, () -> NodeCredentials.load(dir, "NL-NMT"));
        assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());
    }

    @Test
    void shouldNameWhereTheWrongPasswordCameFromButNeverThePasswordWhenItDoesNotOpenTheKeyStore() throws Exception {
        DevPki.init(dir, List.of("NL-NMT"));
        String wrong = "not-the-password-4711";
        Path file = KeyStorePasswords.fileIn(new PkiLayout(dir).nodeDir("NL-NMT"));
        Files.writeString(file, wrong + "\n", StandardCharsets.US_ASCII);
        KeyStorePasswordException e = assertThrows(KeyStorePasswordException.class, () -> NodeCredentials.load(dir, "NL-NMT"));
        assertTrue(e.getMessage().contains("the file " + file) && e.getMessage().contains("does not open"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
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
    void shouldDeriveRoleAndCountryAndPinCertificatesWhenRegistryIsLoaded() {
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
        for (KeyPurpose purpose : KeyPurpose.values()) {
            assertEquals(CertificateFingerprint.of(Pem.readCertificate(registry.certificatePath("BE-NMT", purpose))),
                    registry.require("BE-NMT").fingerprint(purpose));
        }
        UnknownNodeException e = assertThrows(UnknownNodeException.class, () -> registry.require("DE-NMT"));
        assertTrue(e.getMessage().contains("DE-NMT"));
    }

    @Test
    void shouldSayHowToMoveOnWhenTheRegistryIsVersion1() throws Exception {
        DevPki.init(dir, List.of("NL-NMT"));
        Path file = new PkiLayout(dir).registry();
        Files.writeString(file, "{\"version\":1,\"caCertificate\":\"ca.pem\",\"crl\":\"crl.pem\",\"nodes\":[{\"id\":\"NL-NMT\","
                + "\"role\":\"NMT\",\"country\":\"NL\",\"signingCertificate\":\"nodes/NL-NMT/signing.pem\","
                + "\"encryptionCertificate\":\"nodes/NL-NMT/encryption.pem\"}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeRegistry.load(dir));
        assertTrue(e.getMessage().contains("version 1") && e.getMessage().contains("bus keys init")
                && e.getMessage().contains("signingCertificateSha256"), e.getMessage());
    }

    @Test
    void shouldRefuseARegistryEntryWithoutFingerprints() throws Exception {
        DevPki.init(dir, List.of("NL-NMT"));
        Path file = new PkiLayout(dir).registry();
        Files.writeString(file, Files.readString(file).replaceFirst("\"signingCertificateSha256\" : \"[0-9A-F:]+\"",
                "\"signingCertificateSha256\" : \"not a fingerprint\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeRegistry.load(dir));
        assertTrue(e.getMessage().contains("NL-NMT") && e.getMessage().contains("signingCertificateSha256"), e.getMessage());
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
        assertEquals(0, trust.cachedChains());
        trust.validate(nl.signingCertificate(), KeyPurpose.SIGNING, Instant.now());
        assertEquals(1, trust.cachedChains(), "the CA signature check is cached");
        trust.validate(nl.signingCertificate(), KeyPurpose.SIGNING, Instant.now());
        assertEquals(1, trust.cachedChains(), "and found again, not added twice");
        trust.validate(nl.encryptionCertificate(), KeyPurpose.ENCRYPTION, Instant.now());
        assertEquals(2, trust.cachedChains());
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
    void shouldIssueNewKeysPinThemAndRevokeOldWhenRotated() {
        DevPki.init(dir, NODES);
        X509Certificate old = NodeCredentials.load(dir, "NL-ENU").signingCertificate();
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).rotate(dir, "NL-ENU");
        X509Certificate fresh = NodeCredentials.load(dir, "NL-ENU").signingCertificate();
        assertNotEquals(old.getSerialNumber(), fresh.getSerialNumber());
        assertEquals(CertificateFingerprint.of(fresh), NodeRegistry.load(dir).require("NL-ENU").fingerprint(KeyPurpose.SIGNING));
        BusTrust trust = BusTrust.load(dir);
        trust.validate(fresh, KeyPurpose.SIGNING, Instant.now());
        assertThrows(CertificateRevokedException.class, () -> trust.validate(old, KeyPurpose.SIGNING, Instant.now()));
        assertTrue(Files.exists(new PkiLayout(dir).retired("NL-ENU").resolve(old.getSerialNumber().toString(16) + "-signing.pem")));
    }

    @Test
    void shouldRewriteAnExportedPemKeyWhenRotated() {
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).withPlainPemKeys(true).create(dir, List.of("NL-NMT"));
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).rotate(dir, "NL-NMT");
        assertArrayEquals(NodeCredentials.load(dir, "NL-NMT").signingKey().getEncoded(),
                Pem.readPrivateKey(new PkiLayout(dir).privateKey("NL-NMT", KeyPurpose.SIGNING)).getEncoded());
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
        // Only the stale CRL refuses it: with the CRL still current, the same certificate is accepted.
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                () -> BusTrust.load(dir).validate(signing, KeyPurpose.SIGNING, Instant.now()));
    }

    @Test
    void shouldRefuseCredentialsWhenTheKeyStoreIsNotTheRegisteredOne() throws Exception {
        DevPki.init(dir, List.of("NL-NMT", "BE-NMT"));
        PkiLayout layout = new PkiLayout(dir);
        Path saved = Files.copy(layout.pkcs12("NL-NMT", KeyPurpose.SIGNING), dir.resolve("signing-before-rotation.p12"));
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).rotate(dir, "NL-NMT");
        Files.copy(saved, layout.pkcs12("NL-NMT", KeyPurpose.SIGNING), StandardCopyOption.REPLACE_EXISTING);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeCredentials.load(dir, "NL-NMT"));
        assertTrue(e.getMessage().contains("out of step") && e.getMessage().contains("bus keys rotate NL-NMT"), e.getMessage());
    }

    @Test
    void shouldRefuseCredentialsWhenTheKeyInTheKeyStoreDoesNotBelongToItsCertificate() {
        DevPki.init(dir, List.of("NL-NMT"));
        NodeCredentials nl = NodeCredentials.load(dir, "NL-NMT");
        // The registered certificate with a key that is not its own (a damaged or tampered key store).
        ProtectedKeyStore.ofNode(dir, "NL-NMT", KeyPurpose.SIGNING).write(BusCa.newKeyPair().getPrivate(),
                nl.signingCertificate(), Pem.readCertificate(new PkiLayout(dir).caCertificate()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeCredentials.load(dir, "NL-NMT"));
        assertTrue(e.getMessage().contains("does not belong to its certificate"), e.getMessage());
    }

    @Test
    void shouldNeedTheCaDirectoryOnlyForCommandsThatSign(@TempDir Path usbStick) throws Exception {
        DevPki.init(dir, List.of("NL-NMT"));
        PkiLayout layout = new PkiLayout(dir);
        Path away = Files.move(layout.offlineCa(), usbStick.resolve("bus-ca"));
        assertNotNull(NodeCredentials.load(dir, "NL-NMT"), "a node runs without the CA");
        DevPki pki = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
        MissingKeyStoreException e = assertThrows(MissingKeyStoreException.class, () -> pki.rotate(dir, "NL-NMT"));
        assertTrue(e.getMessage().contains(PkiLayout.caKeyStoreIn(layout.offlineCa()).toString())
                && e.getMessage().contains("--ca-dir"), e.getMessage());
        pki.withCaDir(away).rotate(dir, "NL-NMT");
        assertNotNull(NodeCredentials.load(dir, "NL-NMT"));
    }

    @Test
    void shouldRefuseTheCaKeyStoreOfAnotherPkiWhenSigning(@TempDir Path otherDir) {
        DevPki.init(dir, List.of("NL-NMT"));
        DevPki.init(otherDir, List.of("NL-NMT"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).withCaDir(new PkiLayout(otherDir).offlineCa())
                        .revoke(dir, "NL-NMT"));
        assertTrue(e.getMessage().contains("belongs to the CA") && e.getMessage().contains("--ca-dir"), e.getMessage());
    }

    private static String perms(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
