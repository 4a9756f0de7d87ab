package eu.bus.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.DevPki;
import eu.bus.keys.LiveCredentials;
import eu.bus.keys.LiveRegistry;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.keys.PkiLayout;
import eu.bus.message.MessageHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's key history: what was encrypted to a certificate its rotations replaced still opens, however many
 * rotations later and after a restart (receipts queued while the keys changed twice, archived messages replayed).
 */
class KeyHistoryTest {

    static final String SENDER = "BE-NMT";
    static final String RECIPIENT = "NL-NMT";

    @TempDir
    Path dir;
    final DevPki pki = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
    MessageHeader header;
    byte[] message;
    byte[] payload = BusFixture.payload(300);

    @BeforeEach
    void encryptToTheRecipientsFirstKeys() {
        DevPki.init(dir, List.of(SENDER, RECIPIENT));
        header = BusFixture.header(SENDER, Clock.systemUTC().instant(), RECIPIENT);
        message = new MessageProtector(NodeCredentials.load(dir, SENDER), CertificateDirectory.of(LiveRegistry.follow(dir)),
                NodeTrust.load(dir), Clock.systemUTC()).protect(header, payload);
    }

    @Test
    void shouldOpenWhatWasEncryptedToAKeyTwoRotationsBackInTheRunningNode() {
        LiveCredentials keys = LiveCredentials.follow(dir, RECIPIENT, NodeTrust.load(dir), Clock.systemUTC());
        MessageOpener opener = new MessageOpener(keys, NodeTrust.load(dir), Clock.systemUTC());

        pki.rotate(dir, RECIPIENT);
        keys.refresh();
        pki.rotate(dir, RECIPIENT);
        keys.refresh();

        assertEquals(2, keys.current().retiredEncryptionKeys().size());
        assertArrayEquals(payload, opener.openAccepted(header, message).payload());
    }

    @Test
    void shouldOpenWhatWasEncryptedToARetiredKeyAfterARestart() {
        pki.rotate(dir, RECIPIENT);
        pki.rotate(dir, RECIPIENT);

        MessageOpener restarted = new MessageOpener(LiveCredentials.follow(dir, RECIPIENT, NodeTrust.load(dir), Clock.systemUTC()),
                NodeTrust.load(dir), Clock.systemUTC());
        assertArrayEquals(payload, restarted.openAccepted(header, message).payload());
    }

    @Test
    void shouldKeepTheReplacedEncryptionKeyButNeverASigningKey() throws Exception {
        pki.rotate(dir, RECIPIENT);

        List<String> retired;
        try (Stream<Path> files = Files.list(new PkiLayout(dir).retired(RECIPIENT))) {
            retired = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertTrue(retired.stream().anyMatch(f -> f.endsWith("-encryption.p12")), retired.toString());
        assertFalse(retired.stream().anyMatch(f -> f.endsWith("-signing.p12")), "a replaced signing key could still sign: " + retired);
    }

    @Test
    void shouldRunOnTheCurrentKeysAndNameARetiredKeyStoreThatDoesNotOpen() throws Exception {
        pki.rotate(dir, RECIPIENT);
        Path kept;
        try (Stream<Path> files = Files.list(new PkiLayout(dir).retired(RECIPIENT))) {
            kept = files.filter(f -> f.toString().endsWith("-encryption.p12")).findFirst().orElseThrow();
        }
        Files.write(kept, new byte[] {1, 2, 3});

        NodeCredentials keys = NodeCredentials.load(dir, RECIPIENT);

        assertEquals(List.of(), keys.retiredEncryptionKeys());
        assertEquals(1, keys.retiredKeyProblems().size());
        assertTrue(keys.retiredKeyProblems().get(0).contains(kept.getFileName().toString()), keys.retiredKeyProblems().toString());
        MessageOpener opener = new MessageOpener(keys, NodeTrust.load(dir), Clock.systemUTC());
        NotARecipientException e = assertThrows(NotARecipientException.class, () -> opener.openAccepted(header, message));
        assertTrue(e.getMessage().contains("retired"), e.getMessage());
    }
}
