package eu.bus.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.bus.cli.BusCommand;
import eu.bus.exchange.BusLayout;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ServerCertificates;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stock Artemis brokers for tests, in a test's temporary directory: instances made by the distribution's own
 * {@code artemis create} (unpacked by the build), configured by {@code bus site init}, run by {@code bin/artemis run}
 * in separate processes, each logging to {@code DIR/LOG.log}.
 */
final class StockSites {

    private final Path dir;

    StockSites(Path dir) {
        this.dir = dir;
    }

    /** The outcome of one bus command, run in this JVM. */
    record Cli(int exitCode, String out, String err) {
    }

    /** A PKI with NL's and BE's broker identities, and two stock instances configured by bus site init to link both ways. */
    record TwoSites(BusLayout layout, Path nl, int nlPort, Path be, int bePort) {
    }

    /** Two linked sites NL and BE for the nodes of the PKI already in {@code layout} (their broker identities are issued here). */
    TwoSites twoSites(BusLayout layout, eu.bus.keys.DevPki pki) throws Exception {
        pki.issueServer(layout.pki(), SiteLinks.identity("NL"));
        pki.issueServer(layout.pki(), SiteLinks.identity("BE"));
        int nlPort = freePort();
        int bePort = freePort();
        return new TwoSites(layout, site("NL", layout.workDir(), nlPort, "BE=127.0.0.1:" + bePort), nlPort,
                site("BE", layout.workDir(), bePort, "NL=127.0.0.1:" + nlPort), bePort);
    }

    /** A new instance {@code site-xx} configured by bus site init as the broker of {@code site}, linked as {@code link}. */
    Path site(String site, Path work, int port, String link) throws Exception {
        Path instance = create("site-" + site.toLowerCase());
        Cli init = cli("site", "init", instance.toString(), "--site", site, "--link", link, "--workdir", work.toString(),
                "--port", Integer.toString(port));
        assertEquals(0, init.exitCode(), init.err());
        return instance;
    }

    /** An empty instance made by the distribution's {@code artemis create} (as the multi-site demo makes them). */
    Path create(String name) throws Exception {
        Path instance = dir.resolve(name);
        eu.bus.sites.ArtemisDistribution.locate(null).createInstance(instance);
        return instance;
    }

    static String password(BusLayout layout, String site) throws IOException {
        return Files.readString(new PkiLayout(layout.pki()).serverDir(SiteLinks.identity(site)).resolve(KeyStorePasswords.FILE_NAME)).trim();
    }

    static Cli cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine command = new picocli.CommandLine(new BusCommand());
        command.setOut(new java.io.PrintWriter(out, true));
        command.setErr(new java.io.PrintWriter(err, true));
        int code = command.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** Runs the instance's {@code bin/artemis run} with its key store's password in the environment. */
    Process start(Path instance, String password, String log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log + ".log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_ARGS", "-Xms64m -Xmx512m");
        String identity = instance.getFileName().toString().startsWith("site-") ? instance.getFileName().toString()
                : ServerCertificates.BROKER;
        builder.environment().put(KeyStorePasswords.variableFor(identity), password);
        return builder.start();
    }

    /** Stops a broker started here (SIGTERM: Artemis stops cleanly; killed if it does not within a minute). */
    static void stop(Process broker) throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroy();
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    void awaitListening(Process process, int port, String log) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the broker stopped: " + Files.readString(dir.resolve(log + ".log")));
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    /** Waits; on a timeout the brokers' logs (their warnings) are in the failure, since the temporary directory goes. */
    void awaitOrShowLogs(Duration atMost, java.util.concurrent.Callable<Boolean> condition, String... logs) throws IOException {
        try {
            await().atMost(atMost).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder shown = new StringBuilder(e.getMessage());
            for (String log : logs) {
                Files.readAllLines(dir.resolve(log + ".log")).stream().filter(l -> l.contains("WARN") || l.contains("ERROR"))
                        .limit(30).forEach(l -> shown.append('\n').append(log).append(": ").append(l));
            }
            throw new AssertionError(shown.toString(), e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
