package eu.bus.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Creates and maintains a development PKI on disk ({@link PkiLayout}): the bus CA, per node a signing and
 * an encryption key pair with certificates, the CRL and the node registry. Real deployments mount their own
 * keys in the same layout; nothing here is needed at run time except the files it writes.
 */
public final class DevPki {

    /** Dev convention for every PKCS#12 file (documented in docs/SECURITY.md). Never use dev keys in production. */
    public static final String DEV_PKCS12_PASSWORD = "bus-dev";
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration DEFAULT_NODE_VALIDITY = Duration.ofDays(365);
    /** A CRL older than its nextUpdate is refused; {@code revoke}/{@code rotate} reissue it. */
    public static final Duration CRL_VALIDITY = Duration.ofDays(30);
    /** Back-dating absorbs clock skew between nodes. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration nodeValidity;

    public DevPki(Clock clock, Duration nodeValidity) {
        this.clock = clock;
        this.nodeValidity = nodeValidity;
    }

    /** {@code bus keys init}: a new PKI for {@code nodeIds} in {@code dir}, certificates valid for a year. */
    public static NodeRegistry init(Path dir, List<String> nodeIds) {
        return new DevPki(Clock.systemUTC(), DEFAULT_NODE_VALIDITY).create(dir, nodeIds);
    }

    public NodeRegistry create(Path dir, List<String> nodeIds) {
        PkiLayout layout = new PkiLayout(dir);
        if (Files.exists(layout.caCertificate())) {
            throw new IllegalStateException(dir + " already holds a bus PKI (" + layout.caCertificate()
                    + "); use 'bus keys rotate' to renew a node, or choose an empty directory");
        }
        if (nodeIds.isEmpty()) {
            throw new IllegalArgumentException("name at least one node, e.g. --nodes NL-NMT,NL-ENU,EUROPOL");
        }
        List<String> unique = List.copyOf(new LinkedHashSet<>(nodeIds));
        unique.forEach(NodeRole::ofNodeId); // validate every id before writing anything
        Instant now = clock.instant();
        BusCa ca = BusCa.create("bus dev CA", now.minus(BACKDATE), now.plus(DEFAULT_CA_VALIDITY));
        SecureFiles.writePrivate(layout.caKey(), Pem.privateKey(ca.key()).getBytes(StandardCharsets.US_ASCII));
        SecureFiles.writePrivate(layout.caPkcs12(), pkcs12("ca", ca.key(), ca.certificate()));
        SecureFiles.writePublic(layout.caCertificate(), Pem.certificate(ca.certificate()).getBytes(StandardCharsets.US_ASCII));
        writeCrl(layout, ca.crl(null, now, now.plus(CRL_VALIDITY), BusCa.RevocationReason.KEY_COMPROMISE));
        NodeRegistry registry = NodeRegistry.of(dir, List.of());
        for (String nodeId : unique) {
            issueNodeKeys(layout, ca, nodeId);
            registry = registry.with(RegisteredNode.of(nodeId, layout));
        }
        registry.save();
        return registry;
    }

    /** {@code bus keys revoke}: puts both current certificates of the node on the CRL (reason keyCompromise). */
    public void revoke(Path dir, String nodeId) {
        PkiLayout layout = new PkiLayout(dir);
        NodeRegistry.load(dir).require(nodeId);
        BusCa ca = BusCa.load(layout);
        Instant now = clock.instant();
        writeCrl(layout, ca.crl(Pem.readCrl(layout.crl()), now, now.plus(CRL_VALIDITY),
                BusCa.RevocationReason.KEY_COMPROMISE,
                Pem.readCertificate(layout.certificate(nodeId, KeyPurpose.SIGNING)),
                Pem.readCertificate(layout.certificate(nodeId, KeyPurpose.ENCRYPTION))));
    }

    /**
     * {@code bus keys rotate}: new key pairs and certificates for the node; the old certificates move to
     * nodes/NODE/retired/ (auditors still need them to re-verify archived messages) and go on the CRL as superseded.
     */
    public void rotate(Path dir, String nodeId) {
        PkiLayout layout = new PkiLayout(dir);
        NodeRegistry registry = NodeRegistry.load(dir);
        registry.require(nodeId);
        BusCa ca = BusCa.load(layout);
        X509Certificate[] old = new X509Certificate[KeyPurpose.values().length];
        for (KeyPurpose purpose : KeyPurpose.values()) {
            X509Certificate cert = Pem.readCertificate(layout.certificate(nodeId, purpose));
            old[purpose.ordinal()] = cert;
            SecureFiles.writePublic(layout.retired(nodeId).resolve(cert.getSerialNumber().toString(16) + "-" + purpose.label + ".pem"),
                    Pem.certificate(cert).getBytes(StandardCharsets.US_ASCII));
        }
        issueNodeKeys(layout, ca, nodeId);
        Instant now = clock.instant();
        writeCrl(layout, ca.crl(Pem.readCrl(layout.crl()), now, now.plus(CRL_VALIDITY), BusCa.RevocationReason.SUPERSEDED, old));
        registry.with(RegisteredNode.of(nodeId, layout)).save();
    }

    /** {@code bus keys crl}: reissues the CRL with the same entries and a fresh nextUpdate (do this before it lapses). */
    public void refreshCrl(Path dir) {
        PkiLayout layout = new PkiLayout(dir);
        BusCa ca = BusCa.load(layout);
        Instant now = clock.instant();
        writeCrl(layout, ca.crl(Pem.readCrl(layout.crl()), now, now.plus(CRL_VALIDITY), BusCa.RevocationReason.KEY_COMPROMISE));
    }

    private void issueNodeKeys(PkiLayout layout, BusCa ca, String nodeId) {
        Instant now = clock.instant();
        for (KeyPurpose purpose : KeyPurpose.values()) {
            KeyPair pair = BusCa.newKeyPair();
            X509Certificate cert = ca.issue(nodeId, purpose, pair.getPublic(), now.minus(BACKDATE), now.plus(nodeValidity));
            SecureFiles.writePrivate(layout.privateKey(nodeId, purpose), Pem.privateKey(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
            SecureFiles.writePrivate(layout.pkcs12(nodeId, purpose), pkcs12(purpose.label, pair.getPrivate(), cert, ca.certificate()));
            SecureFiles.writePublic(layout.certificate(nodeId, purpose), Pem.certificate(cert).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void writeCrl(PkiLayout layout, X509CRL crl) {
        SecureFiles.writePublic(layout.crl(), Pem.crl(crl).getBytes(StandardCharsets.US_ASCII));
    }

    /** PKCS#12 from the JDK's keystore: AES-256/PBKDF2-SHA256 on Java 17, which OpenSSL 3 reads without -legacy. */
    static byte[] pkcs12(String alias, PrivateKey key, X509Certificate... chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, DEV_PKCS12_PASSWORD.toCharArray(), chain);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, DEV_PKCS12_PASSWORD.toCharArray());
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the PKCS#12 file for " + alias + ": " + e.getMessage(), e);
        }
    }
}
