package eu.bus.audit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test-only CA and node signing certificates (EC P-256), CN = node id. */
final class TestPki {

    record Node(String id, PrivateKey key, X509Certificate certificate) {
        CheckpointSigner signer() {
            return new JcaCheckpointSigner(key, certificate);
        }
    }

    private final KeyPair caKeys;
    private final X509Certificate ca;
    private long serial = 1;

    TestPki() {
        try {
            caKeys = keyPair();
            ca = certificate("bus test CA", caKeys, "bus test CA", caKeys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    X509Certificate ca() {
        return ca;
    }

    Node node(String id) {
        try {
            KeyPair keys = keyPair();
            return new Node(id, keys.getPrivate(), certificate(id, keys, "bus test CA", caKeys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey issuerKey)
            throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer), BigInteger.valueOf(serial++),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=" + subject), keys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
