package eu.bus.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Creates and maintains a development PKI on disk ({@link PkiLayout}): the bus CA (its key in its own
 * offline directory), per node a signing and an encryption key pair with certificates, the TLS server keys,
 * the CRL and the node registry. Every private key is in a password-protected PKCS#12 file whose password
 * comes from {@link KeyStorePasswords} (random per owner unless the environment gives one); plain PEM keys
 * are written only on request. The operations that sign (create, revoke, rotate, CRL, TLS) need the CA
 * directory; nothing else does. Real deployments mount their own keys in the same layout.
 */
public final class DevPki {

    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration DEFAULT_NODE_VALIDITY = Duration.ofDays(365);
    /** A CRL older than its nextUpdate is refused; {@code revoke}/{@code rotate} reissue it. */
    public static final Duration CRL_VALIDITY = Duration.ofDays(30);
    /** Back-dating absorbs clock skew between nodes. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration validity;
    private final KeyStorePasswords passwords;
    private final Path caDir;
    private final boolean plainPemKeys;

    public DevPki(Clock clock, Duration validity) {
        this(clock, validity, KeyStorePasswords.fromEnvironment(), null, false);
    }

    private DevPki(Clock clock, Duration validity, KeyStorePasswords passwords, Path caDir, boolean plainPemKeys) {
        this.clock = clock;
        this.validity = validity;
        this.passwords = passwords;
        this.caDir = caDir;
        this.plainPemKeys = plainPemKeys;
    }

    /** Passwords from {@code other} instead of this process's environment and the password files. */
    public DevPki withPasswords(KeyStorePasswords other) {
        return new DevPki(clock, validity, other, caDir, plainPemKeys);
    }

    /** The CA's key store in {@code dir} instead of DIR/offline-ca (e.g. a removable disk); null for the default. */
    public DevPki withCaDir(Path dir) {
        return new DevPki(clock, validity, passwords, dir, plainPemKeys);
    }

    /** Also writes each node's private keys as unencrypted PEM (rw-------), for OpenSSL. */
    public DevPki withPlainPemKeys(boolean write) {
        return new DevPki(clock, validity, passwords, caDir, write);
    }

    /** {@code bus keys init}: a new PKI for {@code nodeIds} and the default TLS servers, certificates valid for a year. */
    public static NodeRegistry init(Path dir, List<String> nodeIds) {
        return new DevPki(Clock.systemUTC(), DEFAULT_NODE_VALIDITY).create(dir, nodeIds);
    }

    public NodeRegistry create(Path dir, List<String> nodeIds) {
        return create(dir, nodeIds, ServerCertificates.DEFAULTS);
    }

    public NodeRegistry create(Path dir, List<String> nodeIds, List<String> servers) {
        PkiLayout layout = new PkiLayout(dir);
        Path caStore = PkiLayout.caKeyStoreIn(caDir(layout));
        if (Files.exists(layout.caCertificate()) || Files.exists(caStore)) {
            throw new IllegalStateException(dir + " already holds a bus PKI (" + (Files.exists(caStore) ? caStore
                    : layout.caCertificate()) + "): use it as it is; enrol another node with '"
                    + KeysHint.command("add NODE", dir) + "', renew one with '" + KeysHint.command("rotate NODE", dir)
                    + "', or choose another directory for a new PKI");
        }
        if (nodeIds.isEmpty()) {
            throw new IllegalArgumentException("name at least one node, e.g. --nodes NL-NMT,NL-ENU,EUROPOL");
        }
        List<String> unique = List.copyOf(new LinkedHashSet<>(nodeIds));
        unique.forEach(NodeRole::ofNodeId); // validate every name before writing anything
        servers.forEach(ServerCertificates::requireValidName);
        Instant now = clock.instant();
        BusCa ca = BusCa.create("bus dev CA", now.minus(BACKDATE), now.plus(DEFAULT_CA_VALIDITY));
        caStore(layout).write(ca.key(), ca.certificate());
        SecureFiles.writePublic(layout.caCertificate(), Pem.certificate(ca.certificate()).getBytes(StandardCharsets.US_ASCII));
        writeCrl(layout, ca.crl(null, now, now.plus(CRL_VALIDITY), BusCa.RevocationReason.KEY_COMPROMISE));
        NodeRegistry registry = NodeRegistry.of(dir, List.of());
        for (String nodeId : unique) {
            issueNodeKeys(layout, ca, nodeId, plainPemKeys);
            registry = registry.with(RegisteredNode.of(nodeId, layout));
        }
        for (String server : servers) {
            issueServer(layout, ca, server, List.of());
        }
        registry.save();
        return registry;
    }

    /**
     * {@code bus keys add}: enrols a node in this PKI: a signing and an encryption key pair with certificates
     * from the bus CA, and its registry entry (role and country follow from its id). Refuses a node already
     * enrolled: its keys are renewed with {@link #rotate}, which also revokes the old ones.
     */
    public RegisteredNode enrol(Path dir, String nodeId) {
        PkiLayout layout = new PkiLayout(dir);
        NodeRegistry registry = NodeRegistry.load(dir);
        NodeRole.ofNodeId(nodeId); // a valid id with a known role, before the CA key is read
        if (registry.find(nodeId).isPresent()) {
            throw new IllegalStateException(nodeId + " is already enrolled in " + layout.registry() + ": give it new keys with '"
                    + KeysHint.command("rotate " + nodeId, dir) + "'");
        }
        issueNodeKeys(layout, loadCa(layout), nodeId, plainPemKeys);
        RegisteredNode node = RegisteredNode.of(nodeId, layout);
        registry.with(node).save();
        return node;
    }

    /** {@code bus keys revoke}: puts both current certificates of the node on the CRL (reason keyCompromise). */
    public void revoke(Path dir, String nodeId) {
        PkiLayout layout = new PkiLayout(dir);
        NodeRegistry.load(dir).require(nodeId);
        BusCa ca = loadCa(layout);
        Instant now = clock.instant();
        writeCrl(layout, ca.crl(Pem.readCrl(layout.crl()), now, now.plus(CRL_VALIDITY),
                BusCa.RevocationReason.KEY_COMPROMISE,
                Pem.readCertificate(layout.certificate(nodeId, KeyPurpose.SIGNING)),
                Pem.readCertificate(layout.certificate(nodeId, KeyPurpose.ENCRYPTION))));
    }

    /**
     * {@code bus keys rotate}: new key pairs and certificates for the node; the old certificates move to
     * nodes/NODE/retired/ (auditors still need them to re-verify archived messages), with the old encryption key
     * store ({@link RetiredKeys}: what is on its way to the old certificate, or archived, still opens), the registry pins the new
     * ones, and the old ones go on the CRL as superseded. The registry is written before the CRL, so at no
     * moment is neither certificate usable: running processes follow both files.
     */
    public void rotate(Path dir, String nodeId) {
        PkiLayout layout = new PkiLayout(dir);
        NodeRegistry registry = NodeRegistry.load(dir);
        registry.require(nodeId);
        BusCa ca = loadCa(layout);
        X509Certificate[] old = new X509Certificate[KeyPurpose.values().length];
        boolean hadPemKeys = false;
        for (KeyPurpose purpose : KeyPurpose.values()) {
            X509Certificate cert = Pem.readCertificate(layout.certificate(nodeId, purpose));
            old[purpose.ordinal()] = cert;
            SecureFiles.writePublic(layout.retired(nodeId, cert, purpose, ".pem"), Pem.certificate(cert).getBytes(StandardCharsets.US_ASCII));
            hadPemKeys |= Files.exists(layout.privateKey(nodeId, purpose));
        }
        RetiredKeys.keep(layout, nodeId, old[KeyPurpose.ENCRYPTION.ordinal()]);
        // A PEM key left as it was would no longer match the node's certificate: rewrite it with the new key.
        issueNodeKeys(layout, ca, nodeId, plainPemKeys || hadPemKeys);
        registry.with(RegisteredNode.of(nodeId, layout, registry.require(nodeId).site())).save();
        Instant now = clock.instant();
        writeCrl(layout, ca.crl(Pem.readCrl(layout.crl()), now, now.plus(CRL_VALIDITY), BusCa.RevocationReason.SUPERSEDED, old));
    }

    /** {@code bus keys crl}: reissues the CRL with the same entries and a fresh nextUpdate (do this before it lapses). */
    public void refreshCrl(Path dir) {
        PkiLayout layout = new PkiLayout(dir);
        BusCa ca = loadCa(layout);
        Instant now = clock.instant();
        writeCrl(layout, ca.crl(Pem.readCrl(layout.crl()), now, now.plus(CRL_VALIDITY), BusCa.RevocationReason.KEY_COMPROMISE));
    }

    /** {@code bus keys tls NAME}: issues (or renews) the TLS server key store of {@code name}; returns its certificate. */
    public X509Certificate issueServer(Path dir, String name) {
        return issueServer(dir, name, List.of());
    }

    /** The same, its certificate naming {@code hostNames} besides localhost and 127.0.0.1 (e.g. broker-nl). */
    public X509Certificate issueServer(Path dir, String name, List<String> hostNames) {
        PkiLayout layout = new PkiLayout(dir);
        ServerCertificates.requireValidName(name);
        hostNames.forEach(ServerCertificates::requireValidHostName);
        return issueServer(layout, loadCa(layout), name, hostNames);
    }

    private X509Certificate issueServer(PkiLayout layout, BusCa ca, String name, List<String> hostNames) {
        Instant now = clock.instant();
        KeyPair pair = BusCa.newKeyPair();
        X509Certificate cert = ServerCertificates.issue(ca, name, pair, now.minus(BACKDATE), now.plus(validity), hostNames);
        ProtectedKeyStore.ofServer(layout.dir(), name).with(passwords).write(pair.getPrivate(), cert, ca.certificate());
        return cert;
    }

    private void issueNodeKeys(PkiLayout layout, BusCa ca, String nodeId, boolean withPemKeys) {
        Instant now = clock.instant();
        for (KeyPurpose purpose : KeyPurpose.values()) {
            KeyPair pair = BusCa.newKeyPair();
            X509Certificate cert = ca.issue(nodeId, purpose, pair.getPublic(), now.minus(BACKDATE), now.plus(validity));
            ProtectedKeyStore.ofNode(layout.dir(), nodeId, purpose).with(passwords).write(pair.getPrivate(), cert, ca.certificate());
            if (withPemKeys) {
                writePemKey(layout.privateKey(nodeId, purpose), pair.getPrivate());
            }
            SecureFiles.writePublic(layout.certificate(nodeId, purpose), Pem.certificate(cert).getBytes(StandardCharsets.US_ASCII));
        }
        // Its witness key too, published in witnesses/ with the certificates so every node and auditor gets it; a
        // rotation keeps it (what the node cosigned stays verifiable with it).
        eu.bus.witness.WitnessKeys.cosignerOf(layout.dir(), nodeId);
    }

    /** Unencrypted PKCS#8 PEM, owner-only from the start: only for OpenSSL interoperability. */
    private static void writePemKey(Path file, PrivateKey key) {
        SecureFiles.writePrivate(file, Pem.privateKey(key).getBytes(StandardCharsets.US_ASCII));
    }

    private Path caDir(PkiLayout layout) {
        return caDir != null ? caDir : layout.offlineCa();
    }

    private ProtectedKeyStore caStore(PkiLayout layout) {
        return ProtectedKeyStore.ofCa(caDir(layout)).with(passwords);
    }

    private BusCa loadCa(PkiLayout layout) {
        return BusCa.load(layout, caStore(layout));
    }

    private static void writeCrl(PkiLayout layout, X509CRL crl) {
        SecureFiles.writePublic(layout.crl(), Pem.crl(crl).getBytes(StandardCharsets.US_ASCII));
    }
}
