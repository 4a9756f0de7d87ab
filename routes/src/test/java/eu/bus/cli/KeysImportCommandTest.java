package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.KeyPurpose;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.keys.Pem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bus keys import} and {@code import-crl} on the command line, with an agency PKI made entirely by the openssl
 * command line (CA, certificates, PKCS#12 key stores, CRLs from 'openssl ca'): the bus's own code made none of it.
 */
class KeysImportCommandTest {

    private static final String P12_PASSWORD = "es-agency-p12-password";

    @TempDir
    Path workDir;
    @TempDir
    Path agency;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int bus(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cmd = ExitCodes.newCommandLine(new BusCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @BeforeEach
    void busAndAgencyPki() throws Exception {
        assertEquals(ExitCodes.OK, bus("keys", "init", "--workdir", workDir.toString(), "--nodes", "NL-NMT,EUROPOL"), err.toString());
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key");
        openssl("req", "-x509", "-new", "-key", "ca.key", "-subj", "/C=ES/O=Policia/CN=Policia Issuing CA", "-days", "3650",
                "-out", "ca.pem", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Files.writeString(agency.resolve("index.txt"), "");
        Files.writeString(agency.resolve("crlnumber"), "01\n");
        Files.writeString(agency.resolve("ca.cnf"), "[ca]\ndefault_ca = agency\n[agency]\ndatabase = index.txt\n"
                + "crlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n");
        crl("crl.pem");
        Files.writeString(agency.resolve(KeyStorePasswords.FILE_NAME), P12_PASSWORD + "\n");
        Files.setPosixFilePermissions(agency.resolve(KeyStorePasswords.FILE_NAME), PosixFilePermissions.fromString("rw-------"));
        for (String node : new String[] {"ES-NMT", "ES-ENU"}) {
            issue(node, "signing", "digitalSignature,nonRepudiation");
            issue(node, "encryption", "keyAgreement");
        }
    }

    /** NODE-PURPOSE.pem and NODE-PURPOSE.p12 (key + certificate + CA, password in keystore.password). */
    private void issue(String node, String purpose, String keyUsage) throws Exception {
        String stem = node + "-" + purpose;
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", stem + ".key");
        openssl("req", "-new", "-key", stem + ".key", "-subj", "/C=ES/O=Policia/CN=" + node, "-out", stem + ".csr");
        Files.writeString(agency.resolve(stem + ".ext"), "basicConstraints=critical,CA:FALSE\nkeyUsage=critical," + keyUsage + "\n");
        openssl("x509", "-req", "-in", stem + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "365",
                "-out", stem + ".pem", "-extfile", stem + ".ext");
        openssl("pkcs12", "-export", "-inkey", stem + ".key", "-in", stem + ".pem", "-certfile", "ca.pem", "-name", purpose,
                "-out", stem + ".p12", "-passout", "file:" + KeyStorePasswords.FILE_NAME);
    }

    private void crl(String file) throws Exception {
        openssl("ca", "-gencrl", "-keyfile", "ca.key", "-cert", "ca.pem", "-config", "ca.cnf", "-out", file);
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(agency.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command) + ": " + output);
    }

    private Path a(String file) {
        return agency.resolve(file);
    }

    private String listRow(String node, String purpose) {
        assertEquals(ExitCodes.OK, bus("keys", "list", "--workdir", workDir.toString()), err.toString());
        return out.toString().lines().filter(l -> l.startsWith(node + " ") && l.contains(" " + purpose + " "))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void shouldImportAnAgencysNodeFromPkcs12AndFollowTheAgencysCrl() throws Exception {
        int code = bus("keys", "import", "ES-NMT", "--signing-cert", a("ES-NMT-signing.p12").toString(),
                "--encryption-cert", a("ES-NMT-encryption.p12").toString(), "--ca", a("ca.pem").toString(),
                "--crl", a("crl.pem").toString(), "--workdir", workDir.toString());

        assertEquals(ExitCodes.OK, code, err.toString());
        String printed = out.toString();
        assertTrue(printed.contains("imported ES-NMT (role NMT, site ES)") && printed.contains("(new, with its CRL)")
                && printed.contains("bus keys import-crl FILE --workdir " + workDir), printed);
        assertFalse((printed + err).contains(P12_PASSWORD), "the key-store password is never printed");
        Path pki = workDir.resolve("pki");
        NodeCredentials keys = NodeCredentials.load(pki, "ES-NMT");
        assertEquals(Pem.readCertificate(a("ES-NMT-signing.pem")), keys.signingCertificate());
        NodeTrust.load(pki).verify("ES-NMT", keys.encryptionCertificate(), KeyPurpose.ENCRYPTION, Instant.now());
        String row = listRow("ES-NMT", "signing");
        assertTrue(row.matches("ES-NMT\\s+NMT\\s+ES\\s+signing\\s+.*valid"), out.toString());
        assertTrue(listRow("NL-NMT", "signing").matches("NL-NMT\\s+NMT\\s+NL\\s+signing\\s+.*valid"), out.toString());
        assertTrue(listRow("EUROPOL", "signing").matches("EUROPOL\\s+AGENCY\\s+EUROPOL\\s+signing\\s+.*"), out.toString());

        // the agency revokes the signing certificate and publishes a new CRL; the operator installs it
        openssl("ca", "-revoke", "ES-NMT-signing.pem", "-keyfile", "ca.key", "-cert", "ca.pem", "-config", "ca.cnf");
        crl("crl2.pem");
        assertEquals(ExitCodes.OK, bus("keys", "import-crl", a("crl2.pem").toString(), "--workdir", workDir.toString()), err.toString());
        assertTrue(listRow("ES-NMT", "signing").endsWith("revoked"), out.toString());
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "import-crl", a("crl.pem").toString(), "--workdir", workDir.toString()));
        assertTrue(err.toString().contains("lower than the CRL in use"), err.toString());
    }

    @Test
    void shouldImportASecondNodeFromPemWithItsKeyStoresAndRefuseItTwice() {
        assertEquals(ExitCodes.OK, bus("keys", "import", "ES-NMT", "--signing-cert", a("ES-NMT-signing.pem").toString(),
                "--encryption-cert", a("ES-NMT-encryption.pem").toString(), "--ca", a("ca.pem").toString(),
                "--crl", a("crl.pem").toString(), "--workdir", workDir.toString()), err.toString());
        assertTrue(out.toString().contains("none imported"), out.toString());

        String[] second = {"keys", "import", "ES-ENU", "--signing-cert", a("ES-ENU-signing.pem").toString(),
                "--encryption-cert", a("ES-ENU-encryption.pem").toString(), "--key-store", a("ES-ENU-signing.p12").toString(),
                a("ES-ENU-encryption.p12").toString(), "--site", "ES-GC", "--workdir", workDir.toString()};
        assertEquals(ExitCodes.OK, bus(second), err.toString());
        assertTrue(out.toString().contains("site ES-GC") && !out.toString().contains("(new, with its CRL)"), out.toString());
        NodeCredentials.load(workDir.resolve("pki"), "ES-ENU");

        assertEquals(ExitCodes.INVALID_INPUT, bus(second));
        assertTrue(err.toString().contains("ES-ENU is already registered") && err.toString().contains("--replace"), err.toString());
    }

    /** The agency's node logs in to the broker with its own certificate (TLS chains to the agency CA) and exchanges messages. */
    @Test
    void shouldExchangeMessagesOverTheBrokerWithAnImportedNode() throws Exception {
        assertEquals(ExitCodes.OK, bus("keys", "import", "ES-NMT", "--signing-cert", a("ES-NMT-signing.p12").toString(),
                "--encryption-cert", a("ES-NMT-encryption.p12").toString(), "--ca", a("ca.pem").toString(),
                "--crl", a("crl.pem").toString(), "--workdir", workDir.toString()), err.toString());
        eu.bus.exchange.BusLayout layout = new eu.bus.exchange.BusLayout(workDir);
        try (eu.bus.exchange.BusNetwork network = eu.bus.exchange.BusNetwork.start(layout, List.of("NL-NMT", "ES-NMT"),
                java.time.Clock.systemUTC(), audit -> { })) {
            String id = network.node("ES-NMT").submit(eu.bus.exchange.TestMessages.freshBytes("assistance-request-2.json",
                    "ES-NMT", List.of("NL-NMT")));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(40)).until(() -> network.node("ES-NMT").services()
                    .status().current(java.util.UUID.fromString(id)).orElse(null) == eu.bus.exchange.MessageStatus.RECEIPTED);
            assertTrue(Files.exists(layout.delivered("NL-NMT").resolve(id + ".json")));
        }
        // An auditor verifies the agency node's log with the agency's CA and CRL (the anchor the import installed).
        Path anchor;
        try (var files = Files.list(layout.pki().resolve("anchors"))) {
            anchor = files.filter(f -> f.toString().endsWith(".pem") && !f.toString().endsWith(".crl.pem")).findFirst().orElseThrow();
        }
        Path anchorCrl = anchor.resolveSibling(anchor.getFileName().toString().replace(".pem", ".crl.pem"));
        assertEquals(ExitCodes.OK, bus("audit", "verify", layout.audit("ES-NMT").toString(), "--ca", anchor.toString(),
                "--crl", anchorCrl.toString()), err.toString());
        assertEquals(ExitCodes.VERIFICATION_FAILED, bus("audit", "verify", layout.audit("ES-NMT").toString(), "--ca",
                layout.pki().resolve("ca.pem").toString()), "the bus CA did not issue the agency node's certificate");
    }

    @Test
    void shouldRefuseCertificatesOfAnAgencyWhoseCaWasNotGiven() {
        assertEquals(ExitCodes.INVALID_INPUT, bus("keys", "import", "ES-NMT", "--signing-cert", a("ES-NMT-signing.pem").toString(),
                "--encryption-cert", a("ES-NMT-encryption.pem").toString(), "--workdir", workDir.toString()));
        assertTrue(err.toString().contains("Policia Issuing CA") && err.toString().contains("--ca FILE"), err.toString());
    }

    @Test
    void shouldShowAnExampleInTheHelp() {
        assertEquals(ExitCodes.OK, bus("keys", "import", "--help"));
        assertTrue(out.toString().contains("Examples:") && out.toString().contains("bus keys import DE-NMT --signing-cert"), out.toString());
        assertEquals(ExitCodes.OK, bus("keys", "import-crl", "--help"));
        assertTrue(out.toString().contains("Example:"), out.toString());
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
