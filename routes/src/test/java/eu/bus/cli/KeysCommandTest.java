package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeysCommandTest {

    @TempDir
    Path workDir;
    /** The PKI the commands manage: DIR/pki of the work directory. */
    Path dir;

    @BeforeEach
    void pkiDir() {
        dir = workDir.resolve("pki");
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int bus(String... args) {
        CommandLine cmd = ExitCodes.newCommandLine(new BusCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private void init(String... extra) {
        String[] base = {"keys", "init", "--workdir", workDir.toString(), "--nodes", "NL-NMT,NL-ENU,BE-NMT,BE-ENU,EUROPOL,EUROJUST,AUDITOR"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra)).toArray(String[]::new);
        assertEquals(ExitCodes.OK, bus(args), err.toString());
    }

    @Test
    void shouldCreateKeysWithOwnerOnlyPermissionsWhenInitRuns() throws Exception {
        init();
        PkiLayout layout = new PkiLayout(dir);
        assertTrue(Files.exists(layout.registry()));
        assertTrue(Files.exists(layout.crl()));
        for (String node : new String[] {"NL-NMT", "EUROPOL", "AUDITOR"}) {
            assertEquals("rw-------", perms(layout.nodeDir(node).resolve("signing.p12")));
            assertEquals("rw-------", perms(layout.nodeDir(node).resolve("keystore.password")));
            assertTrue(Files.exists(layout.nodeDir(node).resolve("encryption.p12")));
            assertFalse(Files.exists(layout.nodeDir(node).resolve("signing-key.pem")), "no plain PEM key unless --pem");
        }
        assertEquals("rw-------", perms(dir.resolve("offline-ca/ca.p12")));
        assertTrue(Files.exists(dir.resolve("servers/bus-broker/tls.p12")) && Files.exists(dir.resolve("servers/bus-api/tls.p12")));
        assertTrue(out.toString().contains("7 nodes") && out.toString().contains("offline-ca"), out.toString());
    }

    @Test
    void shouldNeverPrintAPasswordWhenInitRuns() throws Exception {
        init();
        List<String> passwords;
        try (Stream<Path> files = Files.walk(dir)) {
            passwords = files.filter(f -> f.getFileName().toString().equals("keystore.password")).map(KeysCommandTest::read).toList();
        }
        assertEquals(1 + 7 + 2, passwords.size(), "the CA, each node and each TLS server has its own password");
        String printed = out.toString() + err.toString();
        for (String password : passwords) {
            assertFalse(printed.contains(password), "a password was printed: " + printed);
        }
        assertFalse(printed.contains("bus-dev"), printed);
    }

    @Test
    void shouldWritePlainPemKeysOnlyWhenInitRunsWithPem() throws Exception {
        init("--pem");
        Path key = new PkiLayout(dir).nodeDir("NL-NMT").resolve("signing-key.pem");
        assertEquals("rw-------", perms(key));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void shouldExportAKeyAsOwnerOnlyPemWhenExportPemRuns() throws Exception {
        init();
        Path key = dir.resolve("nl-nmt-signing-key.pem");
        assertEquals(ExitCodes.OK, bus("keys", "export-pem", "NL-NMT", "--purpose", "signing", "--out", key.toString(),
                "--workdir", workDir.toString()), err.toString());
        assertEquals("rw-------", perms(key));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));

        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "export-pem", "NL-NMT", "--purpose", "signing", "--out", key.toString(),
                "--workdir", workDir.toString()));
        assertTrue(err.toString().contains("already exists"), err.toString());
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "export-pem", "NL-NMT", "--purpose", "tls", "--out",
                dir.resolve("x.pem").toString(), "--workdir", workDir.toString()));
        assertTrue(err.toString().contains("--purpose must be signing or encryption"), err.toString());
    }

    @Test
    void shouldRenewATlsServerKeyStoreWhenTlsRuns() throws Exception {
        init();
        Path keyStore = dir.resolve("servers/bus-broker/tls.p12");
        byte[] before = Files.readAllBytes(keyStore);
        assertEquals(ExitCodes.OK, bus("keys", "tls", "bus-broker", "--workdir", workDir.toString()), err.toString());
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(keyStore)), "a new key store");
        assertTrue(out.toString().contains("restart bus-broker"), out.toString());
    }

    @Test
    void shouldListCertificatesWithExpiryWhenListRuns() {
        init();
        assertEquals(ExitCodes.OK, bus("keys", "list", "--workdir", workDir.toString()));
        String listing = out.toString();
        assertTrue(listing.contains("EUROJUST") && listing.contains("AGENCY") && listing.contains("valid"), listing);
        assertEquals("", err.toString(), "no warning for year-long certificates");
    }

    @Test
    void shouldWarnWhenCertificateExpiresWithin30Days() {
        init("--validity-days", "10");
        assertEquals(ExitCodes.OK, bus("keys", "list", "--workdir", workDir.toString()));
        assertTrue(err.toString().contains("warning: the signing certificate of NL-NMT expires"), err.toString());
        assertTrue(err.toString().contains("bus keys rotate NL-NMT"), err.toString());
    }

    @Test
    void shouldListBothCertificatesOnCrlWhenNodeIsRevoked() {
        init();
        PkiLayout layout = new PkiLayout(dir);
        X509Certificate signing = Pem.readCertificate(layout.nodeDir("BE-ENU").resolve("signing.pem"));
        X509Certificate encryption = Pem.readCertificate(layout.nodeDir("BE-ENU").resolve("encryption.pem"));
        assertEquals(ExitCodes.OK, bus("keys", "revoke", "BE-ENU", "--workdir", workDir.toString()), err.toString());
        X509CRL crl = Pem.readCrl(layout.crl());
        assertNotNull(crl.getRevokedCertificate(signing.getSerialNumber()));
        assertNotNull(crl.getRevokedCertificate(encryption.getSerialNumber()));
        assertEquals(2, crl.getRevokedCertificates().size());
    }

    @Test
    void shouldReplaceKeysAndRevokeOldOnesWhenRotateRuns() throws Exception {
        init();
        PkiLayout layout = new PkiLayout(dir);
        X509Certificate old = Pem.readCertificate(layout.nodeDir("NL-NMT").resolve("signing.pem"));
        assertEquals(ExitCodes.OK, bus("keys", "rotate", "NL-NMT", "--workdir", workDir.toString()), err.toString());
        X509Certificate fresh = Pem.readCertificate(layout.nodeDir("NL-NMT").resolve("signing.pem"));
        X509CRL crl = Pem.readCrl(layout.crl());
        assertNotNull(crl.getRevokedCertificate(old.getSerialNumber()));
        assertNull(crl.getRevokedCertificate(fresh.getSerialNumber()));
        assertEquals("rw-------", perms(layout.nodeDir("NL-NMT").resolve("signing.p12")));
    }

    @Test
    void shouldExitWithInvalidInputWhenNodeIsUnknown() {
        init();
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "revoke", "XX-NMT", "--workdir", workDir.toString()));
        assertTrue(err.toString().contains("'XX-NMT' is not in the node registry"), err.toString());
    }

    @Test
    void shouldExitWithInvalidInputWhenDirectoryAlreadyHoldsPki() {
        init();
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "init", "--workdir", workDir.toString(), "--nodes", "NL-NMT"));
        assertTrue(err.toString().contains("already holds a bus PKI"), err.toString());
    }

    @Test
    void shouldRefuseATlsServerNameThatWouldShareTheCasPasswordVariable() {
        init();
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "tls", "ca", "--workdir", workDir.toString()));
        assertTrue(err.toString().contains("'ca' is not a TLS server name"), err.toString());
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "tls", "../etc", "--workdir", workDir.toString()));
    }

    @Test
    void shouldNameTheCaDirectoryWhenACommandThatSignsCannotFindIt(@TempDir Path usbStick) throws Exception {
        init();
        Path caDir = Files.move(dir.resolve("offline-ca"), usbStick.resolve("bus-ca"));
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "rotate", "NL-NMT", "--workdir", workDir.toString()));
        assertTrue(err.toString().contains("offline-ca/ca.p12") && err.toString().contains("--ca-dir"), err.toString());
        assertEquals(ExitCodes.OK, bus("keys", "rotate", "NL-NMT", "--workdir", workDir.toString(), "--ca-dir", caDir.toString()),
                err.toString());
        assertEquals(ExitCodes.OK, bus("keys", "list", "--workdir", workDir.toString()), "list needs no CA key: " + err);
    }

    private static String perms(Path file) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldSayHowToCreateThePkiWhenTheWorkDirHasNoneAndTheHintShouldWork() {
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "list", "--workdir", workDir.toString()));
        String hint = Hints.command(err.toString(), "bus keys init");
        assertEquals("bus keys init --nodes NODE,... --workdir " + workDir, hint, err.toString());
        assertEquals(ExitCodes.OK, bus(Hints.args(hint.replace("NODE,...", "NL-NMT,EUROPOL"))), err.toString());
        assertEquals(ExitCodes.OK, bus("keys", "list", "--workdir", workDir.toString()), err.toString());
    }

    @Test
    void shouldEnrolANodeInTheExistingPkiWhenAddRuns() throws Exception {
        init();
        assertEquals(ExitCodes.OK, bus("keys", "add", "FR-NMT", "--workdir", workDir.toString()), err.toString());
        var node = eu.bus.keys.NodeRegistry.load(dir).require("FR-NMT");
        assertEquals(eu.bus.keys.NodeRole.NMT, node.role());
        assertEquals("FR", node.country());
        assertEquals("rw-------", perms(new PkiLayout(dir).nodeDir("FR-NMT").resolve("signing.p12")));
        // its key stores hold the registered certificates, issued by this PKI's CA
        var credentials = eu.bus.keys.NodeCredentials.load(dir, "FR-NMT");
        credentials.signingCertificate().verify(Pem.readCertificate(new PkiLayout(dir).caCertificate()).getPublicKey());
        assertTrue(out.toString().contains("enrolled FR-NMT (role NMT, country FR)"), out.toString());
        assertEquals(ExitCodes.OK, bus("keys", "list", "--workdir", workDir.toString()));
        assertTrue(out.toString().contains("FR-NMT"), out.toString());
    }

    @Test
    void shouldRefuseToAddANodeAlreadyEnrolledAndSuggestRotateThatWorks() {
        init();
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "add", "NL-NMT", "--workdir", workDir.toString()));
        String hint = Hints.command(err.toString(), "bus keys rotate");
        assertEquals("bus keys rotate NL-NMT --workdir " + workDir, hint, err.toString());
        assertEquals(ExitCodes.OK, bus(Hints.args(hint)), err.toString());
    }

    @Test
    void shouldSuggestAddNotRotateForANodeNotInTheRegistry() {
        init();
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "rotate", "FR-ENU", "--workdir", workDir.toString()));
        assertFalse(err.toString().contains("'bus keys rotate"), err.toString());
        String hint = Hints.command(err.toString(), "bus keys add");
        assertEquals("bus keys add FR-ENU --workdir " + workDir, hint, err.toString());
        assertEquals(ExitCodes.OK, bus(Hints.args(hint)), err.toString());
        assertEquals(ExitCodes.OK, bus("keys", "rotate", "FR-ENU", "--workdir", workDir.toString()), err.toString());
    }

    @Test
    void shouldSuggestAddOrRotateNotInitWhenInitRunsOnAnExistingPki() {
        init();
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "init", "--workdir", workDir.toString(), "--nodes", "NL-NMT"));
        assertFalse(err.toString().contains("'bus keys init"), err.toString());
        String add = Hints.command(err.toString(), "bus keys add");
        assertEquals("bus keys add NODE --workdir " + workDir, add, err.toString());
        assertEquals(ExitCodes.OK, bus(Hints.args(add.replace("NODE", "DE-NMT"))), err.toString());
        String rotate = Hints.command(err.toString(), "bus keys rotate");
        assertEquals(ExitCodes.OK, bus(Hints.args(rotate.replace("NODE", "DE-NMT"))), err.toString());
    }

    @Test
    void shouldRefuseAnUnknownRoleBeforeReadingTheCaKey() {
        init();
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "add", "FR-XYZ", "--workdir", workDir.toString()));
        assertTrue(err.toString().contains("has no known role: use CC-NMT, CC-ENU"), err.toString());
        assertFalse(Files.exists(new PkiLayout(dir).nodeDir("FR-XYZ")));
    }

    @Test
    void shouldKeepTheDeprecatedDirOptionWorkingAndNameTheNewOne() {
        init();
        assertEquals(ExitCodes.OK, bus("keys", "list", "--dir", dir.toString()), err.toString());
        assertTrue(out.toString().contains("NL-NMT"), out.toString());
        assertTrue(err.toString().contains("--dir is deprecated") && err.toString().contains("--workdir " + workDir), err.toString());
    }

    @Test
    void shouldSayToUseWorkdirWhenTheOldDirOptionIsGivenAWorkDirectory() {
        init();
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "list", "--dir", workDir.toString()));
        assertTrue(err.toString().contains("is a work directory: its PKI is " + dir + "; give it as --workdir " + workDir),
                err.toString());
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "list", "--dir", dir.toString(), "--workdir", workDir.toString()));
        assertTrue(err.toString().contains("not both"), err.toString());
    }

    @Test
    void shouldSayWhatToDoWhenTheWorkDirIsAFile() throws Exception {
        Path file = Files.writeString(workDir.resolve("not-a-dir"), "x");
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "init", "--workdir", file.toString(), "--nodes", "NL-NMT"));
        assertTrue(err.toString().contains("the work directory " + file + " is a file, not a directory: choose a writable"
                + " --workdir"), err.toString());
    }

    @Test
    void shouldFollowTheRotateHintOfAnExpiryWarning() {
        init("--validity-days", "10");
        assertEquals(ExitCodes.OK, bus("keys", "list", "--workdir", workDir.toString()));
        String hint = Hints.command(err.toString(), "bus keys rotate NL-NMT");
        assertEquals(ExitCodes.OK, bus(Hints.args(hint)), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(ExitCodes.OK, bus("keys", "list", "--workdir", workDir.toString()));
        assertFalse(err.toString().contains("certificate of NL-NMT expires"), err.toString());
    }
}
