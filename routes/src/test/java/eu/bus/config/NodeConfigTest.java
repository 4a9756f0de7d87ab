package eu.bus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.ProtectedKeyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node configuration file: defaults, paths, and every refusal naming the file, the key and the fix. */
class NodeConfigTest {

    @TempDir
    Path dir;
    Path pki;

    @BeforeEach
    void createPki() {
        pki = dir.resolve("pki");
        DevPki.init(pki, List.of("NL-NMT", "BE-NMT"));
    }

    private Path write(String json) throws Exception {
        return Files.writeString(dir.resolve("node.json"), json.replace('\'', '"'));
    }

    private ConfigException refused(String json) throws Exception {
        Path file = write(json);
        return assertThrows(ConfigException.class, () -> NodeConfigCheck.run(NodeConfig.load(file, Map.<String, String>of()::get)));
    }

    @Test
    void shouldTakeDefaultsUnderTheWorkdirAndPathsRelativeToTheFile() throws Exception {
        NodeConfig config = NodeConfig.load(write("{'nodes': ['NL-NMT'], 'workdir': 'nl', 'pki': 'pki', 'broker': {'port': 61617},"
                + " 'directories': {'delivered': 'case-system/{node}'}}"));

        assertEquals(dir.resolve("nl/nodes/NL-NMT/audit"), config.layout().audit("NL-NMT"));
        assertEquals(dir.resolve("nl/nodes/NL-NMT/state"), config.layout().state("NL-NMT"));
        assertEquals(dir.resolve("case-system/NL-NMT"), config.layout().delivered("NL-NMT"));
        assertEquals(pki.resolve("ca.pem"), config.brokerCa());
        assertEquals("127.0.0.1", config.api().host());
        assertEquals(0, config.api().port());
        assertEquals(4, config.nodeSettings().consumersPerNode());
        assertEquals(50L * 1024 * 1024, config.nodeSettings().limits().maxMessageBytes());
        assertEquals(eu.bus.witnessing.WitnessSettings.defaults(), config.nodeSettings().witnessing());
    }

    @Test
    void shouldTakeTheWitnessesAndTheirIntervalAndRefuseWhatIsNotANodeList() throws Exception {
        NodeConfig config = NodeConfig.load(write("{'nodes': ['NL-NMT'], 'pki': 'pki', 'broker': {'port': 61617},"
                + " 'witnesses': ['EUROJUST', 'BE-ENU'], 'witnessIntervalSeconds': 30}"));
        assertEquals(List.of("EUROJUST", "BE-ENU"), config.nodeSettings().witnessing().witnessesOf("NL-NMT", List.of()));
        assertEquals(java.time.Duration.ofSeconds(30), config.nodeSettings().witnessing().interval());

        ConfigException e = refused("{'nodes': ['NL-NMT'], 'pki': 'pki', 'broker': {'port': 61617}, 'witnesses': 'EUROJUST'}");
        assertTrue(e.getMessage().contains("witnesses: must be a list of node ids"), e.getMessage());
        e = refused("{'nodes': ['NL-NMT'], 'pki': 'pki', 'broker': {'port': 61617}, 'witnesses': ['eurojust']}");
        assertTrue(e.getMessage().contains("witnesses: 'eurojust' is not a node id"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingTheNearestKnownOne() throws Exception {
        ConfigException e = refused("{'nodes': ['NL-NMT'], 'broker': {'prot': 61617}}");
        assertTrue(e.getMessage().contains("node.json: broker.prot: unknown key; did you mean broker.port?"), e.getMessage());

        e = refused("{'nodes': ['NL-NMT'], 'pki': 'pki', 'broker': {'port': 61617}, 'consumerPerNode': 2}");
        assertTrue(e.getMessage().contains("consumerPerNode: unknown key; did you mean consumersPerNode?"), e.getMessage());

        e = refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617}, 'secrets': {'NL-NMT': {'passwordFiel': 'x'}}}");
        assertTrue(e.getMessage().contains("secrets.NL-NMT.passwordFiel: unknown key; did you mean secrets.NL-NMT.passwordFile?"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAPasswordWrittenInTheFileSayingWhereToPutIt() throws Exception {
        ConfigException e = refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617}, 'secrets': {'NL-NMT': {'password': 'hunter2'}}}");
        assertTrue(e.getMessage().contains("secrets.NL-NMT.password: a password is never written in the configuration file"),
                e.getMessage());
        assertTrue(e.getMessage().contains("secrets.NL-NMT.passwordFile"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), "the secret is never repeated");

        e = refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617}, 'secrets': {'NL-NMT': 'hunter2'}}");
        assertTrue(e.getMessage().contains("secrets.NL-NMT: a password is never written"), e.getMessage());

        e = refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617, 'keyStorePassword': 'hunter2'}}");
        assertTrue(e.getMessage().contains("broker.keyStorePassword: a password is never written"), e.getMessage());
    }

    @Test
    void shouldRefuseBadValuesWithWhereAndWhy() throws Exception {
        assertTrue(refused("{'nodes': ['NL-NMT'], 'broker': {'port': 70000}}").getMessage()
                .contains("broker.port: must be between 1 and 65535, was 70000"));
        assertTrue(refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617}, 'api': {'port': -1}}").getMessage()
                .contains("api.port: must be between 0 and 65535 (0 picks a free port), was -1"));
        assertTrue(refused("{'nodes': ['NL-NMT'], 'broker': {'port': '61617'}}").getMessage()
                .contains("broker.port: must be a whole number"));
        assertTrue(refused("{'nodes': ['NL-NMT']}").getMessage().contains("broker.port: missing"));
        assertTrue(refused("{'broker': {'port': 61617}}").getMessage().contains("nodes: missing"));
        assertTrue(refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617}, 'api': {'host': '192.0.2.1'}}").getMessage()
                .contains("api.host: 192.0.2.1 is not an address of this host"));
        assertTrue(refused("{'nodes': ['NL-NMT'], 'pki': 'nowhere', 'broker': {'port': 61617}}").getMessage()
                .contains("pki: no such directory " + dir.resolve("nowhere")));
        assertTrue(refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617, 'ca': 'other-ca.pem'}}").getMessage()
                .contains("broker.ca: no such file " + dir.resolve("other-ca.pem")));
        assertTrue(refused("{'nodes': ['NL-NMT', 'BE-NMT'], 'broker': {'port': 61617}, 'directories': {'audit': 'audit'}}")
                .getMessage().contains("directories.audit: this process runs 2 nodes, which must not share one audit directory"));
        assertTrue(refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617}, 'secrets': {'BE-NMT': {'passwordEnv': 'X'}}}")
                .getMessage().contains("secrets.BE-NMT: BE-NMT is not one of the nodes this process runs"));
        assertTrue(refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617}, 'nodes': ['BE-NMT']}").getMessage()
                .contains("Duplicate field 'nodes'"));
    }

    @Test
    void shouldRefuseANodeThatIsNotInTheRegistry() throws Exception {
        ConfigException e = refused("{'nodes': ['FR-NMT'], 'broker': {'port': 61617}}");
        assertTrue(e.getMessage().contains("nodes: FR-NMT is not in the registry of the PKI in " + pki
                + " (it knows BE-NMT, NL-NMT)"), e.getMessage());
    }

    @Test
    void shouldReadTheKeyStorePasswordFromTheConfiguredFileOrVariableOnly() throws Exception {
        Path passwordFile = pki.resolve("nodes/NL-NMT/keystore.password");
        Path moved = Files.move(passwordFile, dir.resolve("nl-nmt.password"));
        // Without the secret, the node's key stores cannot be opened any more.
        assertTrue(refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617}}").getMessage().contains("no password for the key stores"));

        NodeConfig byFile = NodeConfig.load(write("{'nodes': ['NL-NMT'], 'broker': {'port': 61617},"
                + " 'secrets': {'NL-NMT': {'passwordFile': 'nl-nmt.password'}}}"), Map.<String, String>of()::get);
        assertTrue(NodeConfigCheck.run(byFile).get(0).contains("password from the file " + moved), NodeConfigCheck.run(byFile).get(0));

        String password = Files.readString(moved, StandardCharsets.UTF_8).trim();
        NodeConfig byVariable = NodeConfig.load(write("{'nodes': ['NL-NMT'], 'broker': {'port': 61617},"
                + " 'secrets': {'NL-NMT': {'passwordEnv': 'NL_KEYS'}}}"), Map.of("NL_KEYS", password)::get);
        KeyStorePasswords passwords = byVariable.passwords();
        ProtectedKeyStore.ofNode(pki, "NL-NMT", KeyPurpose.SIGNING).with(passwords).entry(); // opens
        NodeConfigCheck.run(byVariable);

        ConfigException unset = refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617},"
                + " 'secrets': {'NL-NMT': {'passwordEnv': 'NL_KEYS'}}}");
        assertTrue(unset.getMessage().contains("secrets.NL-NMT.passwordEnv: NL-NMT's key stores cannot be used:"
                + " secrets.NL-NMT.passwordEnv names the environment variable NL_KEYS, which is not set"), unset.getMessage());

        Files.setPosixFilePermissions(moved, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException readable = refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617},"
                + " 'secrets': {'NL-NMT': {'passwordFile': 'nl-nmt.password'}}}");
        assertTrue(readable.getMessage().contains("which others may read or write (rw-r--r--): run 'chmod 600 " + moved + "'"),
                readable.getMessage());
    }

    @Test
    void shouldRefuseADirectoryThatCannotBeCreated() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        ConfigException e = refused("{'nodes': ['NL-NMT'], 'broker': {'port': 61617},"
                + " 'directories': {'audit': 'not-a-directory/{node}'}}");
        assertTrue(e.getMessage().contains("directories.audit: cannot create " + file.resolve("NL-NMT")), e.getMessage());
    }
}
