package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.DevPki;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bus node} in-process: what it refuses, with which exit code and message. */
class NodeCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void createPki() {
        DevPki.init(dir.resolve("pki"), List.of("NL-NMT", "BE-NMT"));
    }

    private Path config(String json) throws Exception {
        return Files.writeString(dir.resolve("node.json"), json.replace('\'', '"'));
    }

    @Test
    void shouldRefuseAnInlinePasswordWithExitTwoAndNeverPrintIt() throws Exception {
        Path file = config("{'nodes': ['NL-NMT'], 'broker': {'port': 61617}, 'secrets': {'NL-NMT': {'password': 'hunter2'}}}");

        CliRun check = CliRun.bus("node", "--config", file.toString(), "--check");

        assertEquals(ExitCodes.INVALID_INPUT, check.exitCode());
        assertTrue(check.err().startsWith("bus node: " + file + ": secrets.NL-NMT.password: a password is never written in the"
                + " configuration file"), check.err());
        assertFalse(check.err().contains("hunter2") || check.out().contains("hunter2"));
    }

    @Test
    void shouldSayWhatItCheckedWhenTheFileIsGood() throws Exception {
        Path file = config("{'nodes': ['NL-NMT', 'BE-NMT'], 'broker': {'port': 61617}}");

        CliRun check = CliRun.bus("node", "--config", file.toString(), "--check");

        assertEquals(0, check.exitCode(), check.err());
        assertTrue(check.out().contains(file + ": ok"), check.out());
        assertTrue(check.out().contains("keys      BE-NMT: signing and encryption key stores open"), check.out());
        assertTrue(check.out().contains("REST API  https://127.0.0.1:<free port>"), check.out());
        assertFalse(Files.exists(dir.resolve("run.json")), "--check starts nothing");
    }

    @Test
    void shouldExitFourNamingTheKeysWhenNoBrokerAnswers() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path file = config("{'nodes': ['NL-NMT'], 'broker': {'port': " + closed + "}}");

        CliRun run = CliRun.bus("node", "--config", file.toString());

        assertEquals(ExitCodes.INTERNAL, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot connect to the bus broker at 127.0.0.1:" + closed), run.err());
        assertTrue(run.err().contains("or correct broker.host and broker.port in " + file), run.err());
        assertFalse(Files.exists(dir.resolve("run.json")));
    }

    @Test
    void shouldRequireTheConfigOption() {
        CliRun run = CliRun.bus("node");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("Missing required option: '--config=FILE'"), run.err());
    }
}
