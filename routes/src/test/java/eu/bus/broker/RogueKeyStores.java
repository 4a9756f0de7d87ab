package eu.bus.broker;

import eu.bus.keys.BusCa;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.keys.RegisteredNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * Signing key stores for certificates the bus CA really issued but the registry does not pin: what a
 * mistaken or attacked CA operator would hand out. The CA is loaded from its offline directory, as only
 * {@code bus keys} does.
 */
public final class RogueKeyStores {

    private RogueKeyStores() {
    }

    /** A key store in {@code into} holding a new signing key and a CA-issued certificate naming {@code nodeId}. */
    public static ProtectedKeyStore issue(Path pkiDir, String nodeId, Path into) {
        BusCa ca = ca(pkiDir);
        KeyPair keys = BusCa.newKeyPair();
        ProtectedKeyStore store = new ProtectedKeyStore(into.resolve("signing.p12"), nodeId, "a test key store",
                KeyStorePasswords.fromEnvironment());
        store.write(keys.getPrivate(), issue(ca, nodeId, keys), ca.certificate());
        return store;
    }

    /**
     * Gives {@code nodeId} a new signing key store and pins its certificate in the registry, without putting the
     * old one on the CRL: the old certificate is then valid but no longer the node's.
     */
    public static void reregister(Path pkiDir, String nodeId) throws IOException {
        PkiLayout layout = new PkiLayout(pkiDir);
        BusCa ca = ca(pkiDir);
        KeyPair keys = BusCa.newKeyPair();
        X509Certificate certificate = issue(ca, nodeId, keys);
        ProtectedKeyStore.ofNode(pkiDir, nodeId, KeyPurpose.SIGNING).write(keys.getPrivate(), certificate, ca.certificate());
        Files.writeString(layout.certificate(nodeId, KeyPurpose.SIGNING), Pem.certificate(certificate));
        NodeRegistry.load(pkiDir).with(RegisteredNode.of(nodeId, layout)).save();
    }

    private static BusCa ca(Path pkiDir) {
        PkiLayout layout = new PkiLayout(pkiDir);
        return BusCa.load(layout, ProtectedKeyStore.ofCa(layout.offlineCa()));
    }

    private static X509Certificate issue(BusCa ca, String nodeId, KeyPair keys) {
        Instant now = Instant.now();
        return ca.issue(nodeId, KeyPurpose.SIGNING, keys.getPublic(), now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(30)));
    }
}
