package eu.bus.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Reads the files an agency hands over for {@code bus keys import}: certificates in PEM (one or a chain), DER or
 * PKCS#12 (then with the private key), CRLs in PEM or DER. Each failure names the file, the option it came with
 * and what to give instead.
 */
final class ImportedFiles {

    /** A node certificate as read from one file, with its private key when the file was a PKCS#12 key store. */
    record Certificate(X509Certificate certificate, ProtectedKeyStore.Entry keyEntry, Path file) {
    }

    private ImportedFiles() {
    }

    /**
     * The node certificate in {@code file}: the first certificate that is not a CA's (a PEM chain may hold the
     * agency's CAs after it); from a PKCS#12 file the key's certificate and the key. A PKCS#12 file is opened
     * with {@code owner}'s key-store password ({@link KeyStorePasswords}: the variable, else keystore.password beside it).
     */
    static Certificate readNodeCertificate(Path file, String option, String owner, KeyStorePasswords passwords) {
        byte[] bytes = read(file, option);
        if (isPem(bytes)) {
            List<X509Certificate> all = Pem.readCertificates(file);
            if (all.isEmpty()) {
                throw new IllegalArgumentException(file + " (" + option + ") is PEM but holds no certificate (a key or a CRL?):"
                        + " give the node's certificate, \"-----BEGIN CERTIFICATE-----\"");
            }
            return all.stream().filter(c -> c.getBasicConstraints() < 0).findFirst()
                    .map(c -> new Certificate(c, null, file))
                    .orElseThrow(() -> new IllegalArgumentException(file + " (" + option + ") holds only CA certificates: give"
                            + " the node's own certificate (the CA's goes with --ca)"));
        }
        X509Certificate der = derCertificate(bytes);
        if (der != null) {
            return new Certificate(der, null, file);
        }
        ProtectedKeyStore.Entry entry = readKeyStore(file, option, owner, passwords);
        return new Certificate(entry.certificate(), entry, file);
    }

    /** The private key and its certificate from a PKCS#12 file (one key per file, as the bus's own key stores). */
    static ProtectedKeyStore.Entry readKeyStore(Path file, String option, String owner, KeyStorePasswords passwords) {
        byte[] bytes = read(file, option);
        if (isPem(bytes) || bytes.length == 0 || bytes[0] != 0x30) {
            throw new IllegalArgumentException(file + " (" + option + ") is not a PKCS#12 key store"
                    + (isPem(bytes) ? " but PEM" : "") + ": give a .p12 file (openssl pkcs12 -export -inkey KEY.pem -in CERT.pem"
                    + " -out FILE.p12), or a PEM certificate where a certificate is asked for");
        }
        return new ProtectedKeyStore(file, owner, "check the path given with " + option, passwords).entry();
    }

    /** The CA certificate given with --ca (PEM or DER; the first of a PEM file). */
    static X509Certificate readCa(Path file) {
        byte[] bytes = read(file, "--ca");
        if (isPem(bytes)) {
            List<X509Certificate> all = Pem.readCertificates(file);
            if (all.isEmpty()) {
                throw new IllegalArgumentException(file + " (--ca) is PEM but holds no certificate: give the agency CA's"
                        + " certificate, \"-----BEGIN CERTIFICATE-----\"");
            }
            return all.get(0);
        }
        X509Certificate der = derCertificate(bytes);
        if (der == null) {
            throw new IllegalArgumentException(file + " (--ca) is neither a PEM nor a DER certificate: give the agency CA's"
                    + " certificate (openssl x509 -in FILE -out ca.pem converts most formats)");
        }
        return der;
    }

    /** A CRL in PEM or DER. */
    static X509CRL readCrl(Path file) {
        byte[] bytes = read(file, "--crl");
        if (isPem(bytes)) {
            try {
                return Pem.readCrl(file);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (--crl): give the agency CA's CRL, \"-----BEGIN X509 CRL-----\"", e);
            }
        }
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(file + " (--crl) is neither a PEM nor a DER CRL: give the agency CA's CRL"
                    + " (openssl crl -in FILE -out crl.pem converts it)", e);
        }
    }

    private static byte[] read(Path file, String option) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no file " + file + " (given with " + option + "): check the path");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (given with " + option + "): " + e.getMessage()
                    + "; check the path and its permissions", e);
        }
    }

    private static boolean isPem(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN ");
    }

    private static X509Certificate derCertificate(byte[] bytes) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }
}
