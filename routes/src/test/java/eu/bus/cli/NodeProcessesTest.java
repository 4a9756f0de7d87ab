package eu.bus.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.StatusStore;
import eu.bus.exchange.TestMessages;
import eu.bus.keys.DevPki;
import eu.bus.rest.RunFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node per agency: one {@code bus broker} process and two {@code bus node --config} processes, each an agency
 * with its own work directory and its own copy of the PKI that holds the public part and only its own node's
 * private keys (the other nodes' key stores deleted), its password given by the configuration (a file for NL,
 * an environment variable for BE), never beside the key stores.
 */
class NodeProcessesTest {

    static final List<String> PKI_NODES = List.of("NL-NMT", "BE-NMT", "NL-ENU");
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Path site;
    final List<BusProcess> processes = new ArrayList<>();

    @BeforeEach
    void createSitePki() {
        site = dir.resolve("site");
        DevPki.init(site.resolve("pki"), PKI_NODES);
    }

    @AfterEach
    void stopEverything() {
        processes.forEach(BusProcess::close);
    }

    /** {@code bus ARGS} in its own JVM, stopped after the test; returns once {@code announced} holds for its pid. */
    private BusProcess start(String name, Map<String, String> env, LongPredicate announced, String... args) throws Exception {
        BusProcess process = BusProcess.start(name, "-Xmx384m", env, args);
        processes.add(process);
        return process.awaitUp(p -> announced.test(p.pid()));
    }

    /** The agency's copy of the site PKI with {@code node}'s private keys only, their password in {@code secret}. */
    private void agencyPki(Path agency, String node, Path secret) throws IOException {
        eu.bus.sites.AgencyPki.extract(site.resolve("pki"), node, agency.resolve("pki"), secret);
    }

    @Test
    void shouldDeliverAndReceiptBetweenTwoAgenciesEachRunningItsOwnNodeWithItsOwnKeysOnly() throws Exception {
        start("site-broker", Map.of(), pid -> BrokerFile.read(site).filter(f -> f.pid() == pid).isPresent(),
                "broker", "--workdir", site.toString(), "--port", "0");
        int brokerPort = BrokerFile.read(site).orElseThrow().address().port();

        Path nl = dir.resolve("nl");
        Path nlSecret = nl.resolve("secrets/nl-nmt.password");
        agencyPki(nl, "NL-NMT", nlSecret);
        Path nlConfig = Files.writeString(nl.resolve("node.json"), ("{'nodes': ['NL-NMT'], 'workdir': '.', 'pki': 'pki',"
                + " 'broker': {'host': '127.0.0.1', 'port': " + brokerPort + "},"
                + " 'directories': {'drop': 'to-send/{node}', 'state': 'var/{node}/state'},"
                + " 'secrets': {'NL-NMT': {'passwordFile': 'secrets/nl-nmt.password'}}}").replace('\'', '"'));

        Path be = dir.resolve("be");
        Path beSecret = be.resolve("secrets/be-nmt.password");
        agencyPki(be, "BE-NMT", beSecret);
        Path beConfig = Files.writeString(be.resolve("node.json"), ("{'nodes': ['BE-NMT'],"
                + " 'broker': {'port': " + brokerPort + "}, 'secrets': {'BE-NMT': {'passwordEnv': 'BE_NMT_KEYS'}}}")
                .replace('\'', '"'));
        String bePassword = Files.readString(beSecret, StandardCharsets.UTF_8).trim();
        Files.delete(beSecret);

        assertFalse(Files.exists(nl.resolve("pki/nodes/BE-NMT/signing.p12")), "NL holds no key of BE");
        assertFalse(Files.exists(be.resolve("pki/nodes/NL-NMT/encryption.p12")), "BE holds no key of NL");
        CliRun check = CliRun.bus("node", "--config", nlConfig.toString(), "--check");
        assertEquals(0, check.exitCode(), check.err());
        assertTrue(check.out().contains("keys      NL-NMT: signing and encryption key stores open (password from the file "
                + nlSecret + ")"), check.out());

        BusProcess nlNode = start("node-nl", Map.of(), pid -> RunFile.read(nl).filter(f -> f.pid() == pid).isPresent(),
                "node", "--config", nlConfig.toString());
        BusProcess beNode = start("node-be", Map.of("BE_NMT_KEYS", bePassword),
                pid -> RunFile.read(be).filter(f -> f.pid() == pid).isPresent(), "node", "--config", beConfig.toString());

        ObjectNode referral = TestMessages.fresh("victim-referral-1.json", "NL-NMT", List.of("BE-NMT"));
        UUID id = UUID.fromString(referral.get("header").get("messageId").asText());
        Path drop = Files.createDirectories(nl.resolve("to-send/NL-NMT"));
        Files.write(drop.resolve("referral.json.tmp"), TestMessages.bytes(referral));
        Files.move(drop.resolve("referral.json.tmp"), drop.resolve("referral.json"), StandardCopyOption.ATOMIC_MOVE);

        await().atMost(WAIT).until(() -> Files.exists(be.resolve("nodes/BE-NMT/delivered/" + id + ".json")));
        await().atMost(WAIT).until(() -> StatusStore.read(nl.resolve("var/NL-NMT/state")).getOrDefault(id, List.of()).stream()
                .anyMatch(change -> change.status() == MessageStatus.RECEIPTED));
        assertTrue(Files.isDirectory(nl.resolve("nodes/NL-NMT/audit")), "the audit log where the defaults put it");

        nlNode.interrupt(); // Ctrl-C
        beNode.process.destroy(); // SIGTERM, as a service manager stops it
        for (BusProcess node : List.of(nlNode, beNode)) {
            assertEquals(ExitCodes.OK, node.exitCode(60), node.output());
        }
        assertFalse(Files.exists(RunFile.path(nl)), "run.json is removed when the node stops");
    }

    @Test
    void shouldExitTwoWithTheKeyAndTheFixWhenCheckingABadFile() throws Exception {
        Path config = Files.writeString(dir.resolve("node.json"),
                "{\"nodes\": [\"NL-NMT\"], \"workdir\": \"site\", \"broker\": {\"prot\": 61617}}");
        BusProcess check = BusProcess.start("node-check", Map.of(), "node", "--config", config.toString(), "--check");
        processes.add(check);

        assertEquals(ExitCodes.INVALID_INPUT, check.exitCode(60));
        assertTrue(check.output().contains("bus node: " + config + ": broker.prot: unknown key; did you mean broker.port?"),
                check.output());
    }
}
