package eu.bus.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.KeyPurpose;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.PemExport;
import eu.bus.keys.PkiLayout;
import eu.bus.message.MessageHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock OpenSSL 3.0 (the auditor's tool) must open what the bus makes, and the bus must open what OpenSSL makes.
 * OpenSSL gets the private keys as a person would: exported on request ({@code bus keys export-pem}, here
 * {@link PemExport}), since the PKI keeps them only in password-protected PKCS#12 files.
 */
class OpenSslInteropTest {

    private static final String OPENSSL = "/usr/bin/openssl";

    @TempDir
    static Path dir;
    static BusFixture bus;
    static PkiLayout pki;

    @TempDir
    Path work;

    @BeforeAll
    static void createPki() {
        bus = new BusFixture(dir.resolve("pki"));
        pki = new PkiLayout(bus.dir);
    }

    /** The node's key exported as PEM for openssl (once per node and purpose; outside the PKI directory). */
    private static Path exportedKey(String node, KeyPurpose purpose) {
        Path out = dir.resolve("exported").resolve(node + "-" + purpose.label + "-key.pem");
        if (!Files.exists(out)) {
            PemExport.privateKey(bus.dir, node, purpose, out, KeyStorePasswords.fromEnvironment());
        }
        return out;
    }

    @Test
    void shouldOpenTheKeyStoreWithStockOpenSslWhenGivenThePasswordFile() throws Exception {
        Path keyStore = pki.pkcs12("NL-NMT", KeyPurpose.SIGNING);
        Path passwordFile = KeyStorePasswords.fileIn(pki.nodeDir("NL-NMT"));
        String info = openssl("pkcs12", "-in", keyStore.toString(), "-passin", "file:" + passwordFile, "-nokeys", "-info");
        assertTrue(info.contains("subject=C = NL, O = bus, OU = NMT, CN = NL-NMT") && info.contains("AES-256-CBC"), info);
        Path key = work.resolve("from-p12.pem");
        openssl("pkcs12", "-in", keyStore.toString(), "-passin", "file:" + passwordFile, "-nocerts", "-nodes", "-out", key.toString());
        assertEquals(openssl("pkey", "-in", key.toString(), "-pubout"),
                openssl("pkey", "-in", exportedKey("NL-NMT", KeyPurpose.SIGNING).toString(), "-pubout"),
                "bus keys export-pem writes the key the key store holds");
    }

    @Test
    void shouldBeDecryptedAndVerifiedByOpenSslWhenProtectedByTheBus() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU", "EUROPOL", "BE-ENU");
        byte[] payload = BusFixture.payload(4096);
        Path message = Files.write(work.resolve("message.der"), bus.protector("NL-NMT").protect(header, payload));
        Path signed = work.resolve("signed.der");
        Path out = work.resolve("payload.json");

        openssl("cms", "-decrypt", "-inform", "DER", "-in", message.toString(),
                "-recip", pki.certificate("EUROPOL", KeyPurpose.ENCRYPTION).toString(),
                "-inkey", exportedKey("EUROPOL", KeyPurpose.ENCRYPTION).toString(), "-out", signed.toString());
        // openssl cms has no -CRLfile: the CRL goes into the CA file, and -crl_check makes it mandatory.
        Path caWithCrl = work.resolve("ca-with-crl.pem");
        Files.writeString(caWithCrl, Files.readString(pki.caCertificate()) + Files.readString(pki.crl()));
        String verify = openssl("cms", "-verify", "-inform", "DER", "-in", signed.toString(), "-binary",
                "-CAfile", caWithCrl.toString(), "-crl_check", "-out", out.toString());
        assertTrue(verify.contains("Verification successful"), verify);
        assertArrayEquals(payload, Files.readAllBytes(out));
    }

    @Test
    void shouldOpenMessageMadeByOpenSslWithoutHeaderBindingWhenOpenedUnbound() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] payload = BusFixture.payload(1000);
        Path message = opensslSignAndEncrypt(payload, "NL-NMT", "NL-ENU", "-keyopt", "ecdh_kdf_md:sha256");

        OpenedMessage opened = bus.opener("NL-ENU").openUnbound(header, Files.readAllBytes(message));
        assertArrayEquals(payload, opened.payload());
        assertEquals("NL-NMT", opened.signer());
        assertFalse(opened.headerBound());

        HeaderBindingException e = assertThrows(HeaderBindingException.class,
                () -> bus.opener("NL-ENU").open(header, Files.readAllBytes(message)));
        assertTrue(e.getMessage().contains("carries no signed header digest"), e.getMessage());
    }

    @Test
    void shouldStillCheckSignerWhenOpenSslMessageIsOpenedUnbound() throws Exception {
        Path message = opensslSignAndEncrypt(BusFixture.payload(100), "BE-NMT", "NL-ENU", "-keyopt", "ecdh_kdf_md:sha256");
        SignerMismatchException e = assertThrows(SignerMismatchException.class,
                () -> bus.opener("NL-ENU").openUnbound(bus.header("NL-NMT", "NL-ENU"), Files.readAllBytes(message)));
        assertTrue(e.getMessage().contains("signed by 'BE-NMT'"), e.getMessage());
    }

    @Test
    void shouldNameTheOpenSslOptionWhenKdfIsSha1() throws Exception {
        Path message = opensslSignAndEncrypt(BusFixture.payload(100), "NL-NMT", "NL-ENU");
        MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
                () -> bus.opener("NL-ENU").openUnbound(bus.header("NL-NMT", "NL-ENU"), Files.readAllBytes(message)));
        assertTrue(e.getMessage().contains("-keyopt ecdh_kdf_md:sha256"), e.getMessage());
    }

    @Test
    void shouldRefuseWeakerContentCipherWhenOpenSslUsesAes128Gcm() throws Exception {
        Path message = opensslSignAndEncrypt(BusFixture.payload(100), "NL-NMT", "NL-ENU", "-keyopt", "ecdh_kdf_md:sha256");
        byte[] aes256 = Files.readAllBytes(message);
        Path signed = work.resolve("openssl-signed.der");
        Path weak = work.resolve("weak.der");
        openssl("cms", "-encrypt", "-binary", "-aes-128-gcm", "-in", signed.toString(), "-outform", "DER", "-out", weak.toString(),
                "-recip", pki.certificate("NL-ENU", KeyPurpose.ENCRYPTION).toString(), "-keyopt", "ecdh_kdf_md:sha256");
        MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
                () -> bus.opener("NL-ENU").openUnbound(bus.header("NL-NMT", "NL-ENU"), Files.readAllBytes(weak)));
        assertTrue(e.getMessage().contains("accepts only AES-256-GCM"), e.getMessage());
        assertEquals(100, bus.opener("NL-ENU").openUnbound(bus.header("NL-NMT", "NL-ENU"), aes256).payload().length);
    }

    private Path opensslSignAndEncrypt(byte[] payload, String signer, String recipient, String... encryptOptions)
            throws Exception {
        Path in = Files.write(work.resolve("in.json"), payload);
        Path signed = work.resolve("openssl-signed.der");
        Path message = work.resolve("openssl-message.der");
        openssl("cms", "-sign", "-binary", "-nodetach", "-in", in.toString(), "-outform", "DER", "-out", signed.toString(),
                "-signer", pki.certificate(signer, KeyPurpose.SIGNING).toString(),
                "-inkey", exportedKey(signer, KeyPurpose.SIGNING).toString(), "-md", "sha256");
        List<String> encrypt = new ArrayList<>(List.of("cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", signed.toString(),
                "-outform", "DER", "-out", message.toString(),
                "-recip", pki.certificate(recipient, KeyPurpose.ENCRYPTION).toString()));
        encrypt.addAll(List.of(encryptOptions));
        openssl(encrypt.toArray(String[]::new));
        return message;
    }

    /** Runs openssl and returns its combined output; fails the test on a non-zero exit. */
    private String openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "openssl did not finish: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }
}
