package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeysCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int bus(String... args) {
        CommandLine cmd = ExitCodes.newCommandLine(new BusCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private void init(String... extra) {
        String[] base = {"keys", "init", "--dir", dir.toString(), "--nodes", "NL-NMT,NL-ENU,BE-NMT,BE-ENU,EUROPOL,EUROJUST,AUDITOR"};
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
            Path key = layout.nodeDir(node).resolve("signing-key.pem");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            assertTrue(Files.exists(layout.nodeDir(node).resolve("encryption.p12")));
        }
        assertTrue(out.toString().contains("7 nodes"));
    }

    @Test
    void shouldListCertificatesWithExpiryWhenListRuns() {
        init();
        assertEquals(ExitCodes.OK, bus("keys", "list", "--dir", dir.toString()));
        String listing = out.toString();
        assertTrue(listing.contains("EUROJUST") && listing.contains("AGENCY") && listing.contains("valid"), listing);
        assertEquals("", err.toString(), "no warning for year-long certificates");
    }

    @Test
    void shouldWarnWhenCertificateExpiresWithin30Days() {
        init("--validity-days", "10");
        assertEquals(ExitCodes.OK, bus("keys", "list", "--dir", dir.toString()));
        assertTrue(err.toString().contains("warning: the signing certificate of NL-NMT expires"), err.toString());
        assertTrue(err.toString().contains("bus keys rotate NL-NMT"), err.toString());
    }

    @Test
    void shouldListBothCertificatesOnCrlWhenNodeIsRevoked() {
        init();
        PkiLayout layout = new PkiLayout(dir);
        X509Certificate signing = Pem.readCertificate(layout.nodeDir("BE-ENU").resolve("signing.pem"));
        X509Certificate encryption = Pem.readCertificate(layout.nodeDir("BE-ENU").resolve("encryption.pem"));
        assertEquals(ExitCodes.OK, bus("keys", "revoke", "BE-ENU", "--dir", dir.toString()), err.toString());
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
        assertEquals(ExitCodes.OK, bus("keys", "rotate", "NL-NMT", "--dir", dir.toString()), err.toString());
        X509Certificate fresh = Pem.readCertificate(layout.nodeDir("NL-NMT").resolve("signing.pem"));
        X509CRL crl = Pem.readCrl(layout.crl());
        assertNotNull(crl.getRevokedCertificate(old.getSerialNumber()));
        assertNull(crl.getRevokedCertificate(fresh.getSerialNumber()));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(layout.nodeDir("NL-NMT").resolve("signing-key.pem"))));
    }

    @Test
    void shouldExitWithInvalidInputWhenNodeIsUnknown() {
        init();
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "revoke", "XX-NMT", "--dir", dir.toString()));
        assertTrue(err.toString().contains("'XX-NMT' is not in the node registry"), err.toString());
    }

    @Test
    void shouldExitWithInvalidInputWhenDirectoryAlreadyHoldsPki() {
        init();
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "init", "--dir", dir.toString(), "--nodes", "NL-NMT"));
        assertTrue(err.toString().contains("already holds a bus PKI"), err.toString());
    }

    @Test
    void shouldExitWithUsageErrorWhenDirIsMissing() {
        assertEquals(ExitCodes.USAGE, bus("keys", "list"));
        assertTrue(err.toString().contains("--dir"), err.toString());
    }
}
