package eu.bus.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.broker.BrokerSettings;
import eu.bus.broker.EmbeddedBroker;
import eu.bus.exchange.BusLayout;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.MissingKeyStoreException;
import eu.bus.keys.PkiLayout;
import eu.bus.rest.BusApiServer;
import eu.bus.rest.RunFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA's private key is not part of the running bus: the broker, the nodes, the REST API and the CLI
 * clients work with the CA's directory gone, and the TLS server keys they need were issued beforehand.
 * Nothing they print, log or write names a key-store password.
 */
class OfflineCaTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU");

    @TempDir
    Path work;

    @TempDir
    Path offline;

    private BusLayout pkiWithoutCa() throws IOException {
        BusLayout layout = new BusLayout(work);
        DevPki.init(layout.pki(), NODES);
        Files.move(new PkiLayout(layout.pki()).offlineCa(), offline.resolve("bus-ca"));
        return layout;
    }

    @Test
    void shouldExchangeAMessageWithoutEverPrintingAPasswordWhenTheCaDirectoryIsGone() throws Exception {
        BusLayout layout = pkiWithoutCa();
        List<String> passwords = passwordsUnder(work, offline);
        Capture printed = Capture.start();
        String runFile;
        try (EmbeddedBus bus = EmbeddedBus.start(work, NODES, BusApiServer.Settings.defaults())) {
            runFile = Files.readString(RunFile.path(bus.workDir()));
            CliRun submit = CliRun.bus("submit", "../schemas/examples/valid/intelligence-report-1.json", "--as", "NL-NMT",
                    "--fresh", "--workdir", work.toString());
            assertEquals(ExitCodes.OK, submit.exitCode(), submit.err());
            String id = submit.out().trim().split(" ")[2];
            await().atMost(Duration.ofSeconds(30)).until(() -> CliRun.bus("status", id, "--workdir", work.toString()).out()
                    .contains("RECEIPTED"));
            assertTrue(Files.exists(layout.delivered("NL-ENU").resolve(id + ".json")));
        } finally {
            printed.stop();
        }
        for (String password : passwords) {
            assertFalse(printed.text().contains(password), "a key-store password was printed or logged");
            assertFalse(runFile.contains(password), "a key-store password is in run.json");
        }
    }

    @Test
    void shouldSayWhichCommandIssuesTheBrokerKeyStoreWhenItIsMissing() throws Exception {
        BusLayout layout = pkiWithoutCa();
        Path keyStores = new PkiLayout(layout.pki()).serverDir("bus-broker");
        Files.move(keyStores, offline.resolve("bus-broker"));
        MissingKeyStoreException e = assertThrows(MissingKeyStoreException.class, () -> EmbeddedBroker.start(
                BrokerSettings.defaults(layout.broker(), layout.pki()).withPort(0), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("bus keys tls bus-broker --workdir " + layout.workDir().toAbsolutePath().normalize()), e.getMessage());
    }

    @Test
    void shouldSayWhichCommandIssuesTheApiKeyStoreWhenItIsMissing() throws Exception {
        BusLayout layout = pkiWithoutCa();
        Files.move(new PkiLayout(layout.pki()).serverDir("bus-api"), offline.resolve("bus-api"));
        CliRun run = CliRun.bus("run", "--workdir", work.toString(), "--nodes", String.join(",", NODES));
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), run.out());
        assertTrue(run.err().contains("bus keys tls bus-api --workdir " + layout.workDir().toAbsolutePath().normalize()), run.err());
        assertFalse(Files.exists(RunFile.path(work)), "nothing left running");
    }

    private static List<String> passwordsUnder(Path... dirs) throws IOException {
        List<String> passwords = new java.util.ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.getFileName().toString().equals(KeyStorePasswords.FILE_NAME))
                        .map(OfflineCaTest::read).forEach(passwords::add);
            }
        }
        assertEquals(1 + NODES.size() + 2, passwords.size(), "CA, nodes, broker and API");
        return passwords;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything this JVM prints to standard output and error meanwhile (Artemis and the bus log to stderr), still shown. */
    private static final class Capture {
        private final PrintStream out = System.out;
        private final PrintStream err = System.err;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        static Capture start() {
            Capture capture = new Capture();
            System.setOut(new PrintStream(capture.tee(capture.out), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capture.tee(capture.err), true, StandardCharsets.UTF_8));
            return capture;
        }

        private OutputStream tee(OutputStream original) {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    original.write(b);
                    synchronized (copy) {
                        copy.write(b);
                    }
                }
            };
        }

        void stop() {
            System.setOut(out);
            System.setErr(err);
        }

        String text() {
            synchronized (copy) {
                return copy.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
