package eu.bus.keys;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Reads and writes certificates, CRLs and private keys in PEM (keys as unencrypted PKCS#8, as OpenSSL writes them). */
public final class Pem {

    private static final JcaX509CertificateConverter CERTS = new JcaX509CertificateConverter();
    private static final JcaX509CRLConverter CRLS = new JcaX509CRLConverter();
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter().setProvider(Providers.bouncyCastle());

    private Pem() {
    }

    public static String certificate(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    public static String crl(X509CRL crl) {
        try {
            return encode("X509 CRL", crl.getEncoded());
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException("cannot encode CRL", e);
        }
    }

    public static String privateKey(PrivateKey key) {
        return encode("PRIVATE KEY", key.getEncoded());
    }

    public static X509Certificate readCertificate(Path file) {
        List<X509Certificate> all = readCertificates(file);
        if (all.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM certificate");
        }
        return all.get(0);
    }

    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> out = new ArrayList<>();
        for (Object o : readObjects(file)) {
            if (o instanceof X509CertificateHolder holder) {
                out.add(toCertificate(holder));
            }
        }
        return out;
    }

    public static X509CRL readCrl(Path file) {
        for (Object o : readObjects(file)) {
            if (o instanceof X509CRLHolder holder) {
                try {
                    return CRLS.getCRL(holder);
                } catch (java.security.cert.CRLException e) {
                    throw new IllegalArgumentException(file + " holds an unreadable CRL: " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalArgumentException(file + " holds no PEM CRL");
    }

    /** Reads PKCS#8 ("PRIVATE KEY") or traditional ("EC PRIVATE KEY") PEM; the key is a BouncyCastle key. */
    public static PrivateKey readPrivateKey(Path file) {
        for (Object o : readObjects(file)) {
            try {
                if (o instanceof PrivateKeyInfo info) {
                    return KEYS.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return KEYS.getPrivateKey(pair.getPrivateKeyInfo());
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " holds an unreadable private key: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(file + " holds no unencrypted PEM private key");
    }

    public static X509Certificate toCertificate(X509CertificateHolder holder) {
        try {
            return CERTS.getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable certificate " + holder.getSubject() + ": " + e.getMessage(), e);
        }
    }

    private static List<Object> readObjects(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Object> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not valid PEM: " + e.getMessage(), e);
        }
        return out;
    }

    private static String encode(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
