package eu.bus.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * TLS material for the broker transport, issued by the bus CA: a server certificate per broker
 * (SAN localhost and 127.0.0.1, EKU serverAuth) and a PKCS#12 trust store holding the CA.
 * Nodes authenticate to the broker with their signing key and certificate (digitalSignature),
 * so a node has no third key to manage.
 */
public final class TransportPki {

    public static final String TRUST_STORE = "truststore.p12";

    private TransportPki() {
    }

    public static Path brokerKeyStore(Path pkiDir, String brokerName) {
        return pkiDir.resolve("brokers").resolve(brokerName).resolve("tls.p12");
    }

    public static Path trustStore(Path pkiDir) {
        return pkiDir.resolve(TRUST_STORE);
    }

    /** Creates the broker's key store and the trust store unless they exist; returns the key store. */
    public static Path ensureBroker(Path pkiDir, String brokerName, Clock clock) {
        Path keyStore = brokerKeyStore(pkiDir, brokerName);
        BusCa ca = null;
        if (!Files.exists(keyStore)) {
            ca = BusCa.load(new PkiLayout(pkiDir));
            KeyPair pair = BusCa.newKeyPair();
            Instant now = clock.instant();
            X509Certificate cert = issueServer(ca, brokerName, pair, now.minus(Duration.ofMinutes(5)), now.plus(DevPki.DEFAULT_NODE_VALIDITY));
            SecureFiles.createDirectories(keyStore.getParent());
            SecureFiles.writePrivate(keyStore, DevPki.pkcs12(brokerName, pair.getPrivate(), cert, ca.certificate()));
        }
        if (!Files.exists(trustStore(pkiDir))) {
            X509Certificate caCert = ca != null ? ca.certificate() : Pem.readCertificate(new PkiLayout(pkiDir).caCertificate());
            SecureFiles.writePublic(trustStore(pkiDir), trustPkcs12(caCert));
        }
        return keyStore;
    }

    private static X509Certificate issueServer(BusCa ca, String brokerName, KeyPair pair, Instant notBefore, Instant notAfter) {
        try {
            var builder = new JcaX509v3CertificateBuilder(ca.certificate(), BusCa.newSerial(),
                    Date.from(notBefore), Date.from(notAfter),
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, BusCa.ORGANISATION)
                            .addRDN(BCStyle.OU, "BROKER").addRDN(BCStyle.CN, brokerName).build(),
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            return Pem.toCertificate(builder.build(BusCa.signer(ca.key())));
        } catch (IOException e) {
            throw new IllegalStateException("cannot issue the TLS certificate of broker " + brokerName + ": " + e.getMessage(), e);
        }
    }

    private static byte[] trustPkcs12(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("bus-ca", ca);
            return store(store);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the trust store: " + e.getMessage(), e);
        }
    }

    private static byte[] store(KeyStore store) throws GeneralSecurityException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, DevPki.DEV_PKCS12_PASSWORD.toCharArray());
        return out.toByteArray();
    }
}
