package eu.bus.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * An agency's own CA, not the bus CA: a real EC P-256 CA made with BouncyCastle, its certificates and CRLs written
 * to real files, PKCS#12 files made by the openssl command line (as an agency would hand them over).
 */
final class AgencyCa {

    final BusCa ca;
    final Path dir;
    private X509CRL crl;

    /** A node's certificate with its key pair. */
    record Issued(KeyPair keys, X509Certificate certificate) {
    }

    AgencyCa(Path dir, String name) {
        this.dir = dir;
        Instant now = Instant.now();
        this.ca = BusCa.create(name, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3650)));
        this.crl = ca.crl(null, now, now.plus(Duration.ofDays(30)), BusCa.RevocationReason.KEY_COMPROMISE);
    }

    X509Certificate certificate() {
        return ca.certificate();
    }

    Path caFile() {
        return write("ca.pem", Pem.certificate(ca.certificate()));
    }

    /** The current CRL, as a file (a new name each time, as a download would be). */
    Path crlFile() {
        return write("crl-" + crl.getThisUpdate().getTime() + "-" + System.nanoTime() + ".pem", Pem.crl(crl));
    }

    X509CRL crl() {
        return crl;
    }

    /** Puts {@code certificates} on a new CRL (number one higher). */
    void revoke(X509Certificate... certificates) {
        Instant now = Instant.now();
        crl = ca.crl(crl, now, now.plus(Duration.ofDays(30)), BusCa.RevocationReason.KEY_COMPROMISE, certificates);
    }

    /** A certificate as the bus would issue it, from this CA. */
    Issued issue(String node, KeyPurpose purpose) {
        KeyPair keys = BusCa.newKeyPair();
        Instant now = Instant.now();
        return new Issued(keys, ca.issue(node, purpose, keys.getPublic(), now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(365))));
    }

    /** A certificate with the given subject, key usage, validity and CA flag: the faulty ones an agency might send. */
    Issued custom(String subject, int keyUsage, Instant notBefore, Instant notAfter, boolean isCa) {
        KeyPair keys = BusCa.newKeyPair();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), BusCa.newSerial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name(subject), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, isCa ? new BasicConstraints(0) : new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            return new Issued(keys, Pem.toCertificate(builder.build(BusCa.signer(ca.key()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path pem(String name, X509Certificate... chain) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : chain) {
            text.append(Pem.certificate(certificate));
        }
        return write(name, text.toString());
    }

    /**
     * {@code name}.p12 made by {@code openssl pkcs12 -export} from {@code key} and {@code certificate} (with the CA),
     * its password in keystore.password beside it (rw-------), as KeyStorePasswords finds it.
     */
    Path pkcs12(String name, PrivateKey key, X509Certificate certificate, String password) {
        Path keyFile = write(name + "-key.pem", Pem.privateKey(key));
        Path certFile = pem(name + "-cert.pem", certificate, ca.certificate());
        Path passwordFile = dir.resolve(KeyStorePasswords.FILE_NAME);
        Path out = dir.resolve(name + ".p12");
        try {
            Files.writeString(passwordFile, password + "\n");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            Process openssl = new ProcessBuilder("openssl", "pkcs12", "-export", "-inkey", keyFile.toString(), "-in",
                    certFile.toString(), "-out", out.toString(), "-passout", "file:" + passwordFile, "-name", name)
                    .redirectErrorStream(true).start();
            String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IllegalStateException("openssl pkcs12 -export failed: " + output);
            }
            Files.delete(keyFile);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Path write(String name, String text) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> none() {
        return List.of();
    }
}
