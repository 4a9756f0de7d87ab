package eu.bus.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's own keys followed in a running process: the files bus keys rotate and revoke write, read back. */
class LiveCredentialsTest {

    @TempDir
    Path dir;
    LiveCredentials keys;
    final DevPki pki = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);

    @BeforeEach
    void createPki() {
        DevPki.init(dir, List.of("NL-NMT", "NL-ENU"));
        keys = LiveCredentials.follow(dir, "NL-NMT", NodeTrust.load(dir), Clock.systemUTC());
    }

    @Test
    void shouldChangeNothingWhenNoFileChanged() {
        NodeCredentials before = keys.current();
        assertNull(keys.refresh());
        assertSame(before, keys.current());
        assertTrue(keys.snapshot().usable());
    }

    @Test
    void shouldTakeTheNewKeysAndKeepTheReplacedOnesWhenTheNodeIsRotated() {
        NodeCredentials before = keys.current();

        pki.rotate(dir, "NL-NMT");

        LiveCredentials.Snapshot after = keys.refresh();
        assertEquals(LiveCredentials.Status.VALID, after.status(), after.problem());
        assertNotEquals(before.signingCertificate(), after.current().signingCertificate());
        assertEquals(NodeCredentials.load(dir, "NL-NMT").signingCertificate(), keys.current().signingCertificate());
        assertEquals(List.of(before.encryptionCertificate()), after.current().retiredEncryptionKeys().stream()
                .map(RetiredKeys.Retired::certificate).toList(), "the replaced encryption key stays at hand for what was encrypted to it");
        assertSame(keys.current(), keys.requireUsable());
    }

    @Test
    void shouldRefuseWithTheReasonAndTheRemedyWhenTheNodeIsRevoked() {
        pki.revoke(dir, "NL-NMT");

        LiveCredentials.Snapshot after = keys.refresh();
        assertEquals(LiveCredentials.Status.REVOKED, after.status());
        NodeKeysUnusableException e = assertThrows(NodeKeysUnusableException.class, keys::requireUsable);
        assertEquals(LiveCredentials.Status.REVOKED, e.status());
        assertTrue(e.getMessage().contains("node NL-NMT cannot sign or send") && e.getMessage().contains("was revoked")
                && e.getMessage().contains("bus keys rotate NL-NMT --dir " + dir), e.getMessage());

        pki.rotate(dir, "NL-NMT");

        assertTrue(keys.refresh().usable(), "new keys end the refusal");
        keys.requireUsable();
    }

    @Test
    void shouldKeepItsKeysWhenTheKeyStoresAreNewerThanTheRegistry() throws Exception {
        NodeCredentials before = keys.current();
        Path saved = Files.createDirectories(dir.resolve("saved"));
        PkiLayout layout = new PkiLayout(dir);
        Files.copy(layout.registry(), saved.resolve("registry.json"));
        Files.copy(layout.crl(), saved.resolve("crl.pem"));
        pki.rotate(dir, "NL-NMT");
        // A rotation caught half way: the new key stores, the old registry and CRL.
        Files.copy(saved.resolve("registry.json"), layout.registry(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(saved.resolve("crl.pem"), layout.crl(), StandardCopyOption.REPLACE_EXISTING);

        LiveCredentials.Snapshot after = keys.refresh();
        assertTrue(after == null || after.current() == before, "a key store the registry does not pin is not taken");
        assertSame(before, keys.current());
        assertTrue(keys.snapshot().usable());
    }
}
