package eu.bus.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.DevPki;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.KeyStorePasswords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agency's copy of the site PKI holds the private keys of its own node only, key history included. */
class AgencyPkiTest {

    @TempDir
    Path dir;

    @Test
    void shouldGiveAnAgencyItsOwnKeyHistoryAndNoOtherNodesPrivateKeys() throws Exception {
        Path site = dir.resolve("site");
        DevPki.init(site, List.of("NL-NMT", "BE-NMT"));
        DevPki pki = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
        pki.rotate(site, "NL-NMT");
        pki.rotate(site, "BE-NMT");

        Path secret = dir.resolve("be/secret");
        AgencyPki.extract(site, "BE-NMT", dir.resolve("be/pki"), secret);

        assertEquals(List.of(), keyStores(dir.resolve("be/pki/nodes/NL-NMT")), "BE holds no key of NL, current or retired");
        assertEquals(3, keyStores(dir.resolve("be/pki/nodes/BE-NMT")).size(), "signing, encryption and the retired encryption key");
        String password = Files.readString(secret, StandardCharsets.UTF_8).trim();
        NodeCredentials be = NodeCredentials.load(dir.resolve("be/pki"), "BE-NMT",
                new KeyStorePasswords(Map.of(KeyStorePasswords.variableFor("BE-NMT"), password)::get));
        assertEquals(1, be.retiredEncryptionKeys().size(), be.retiredKeyProblems().toString());
        assertTrue(be.retiredKeyProblems().isEmpty());
    }

    private static List<Path> keyStores(Path nodeDir) throws Exception {
        try (Stream<Path> files = Files.walk(nodeDir)) {
            return files.filter(f -> f.toString().endsWith(".p12")).sorted().toList();
        }
    }
}
