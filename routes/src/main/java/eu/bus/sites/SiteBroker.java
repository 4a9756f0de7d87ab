package eu.bus.sites;

import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.PkiLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A site's broker: a stock Artemis instance ({@code artemis create}, then {@code bus site init}), run as a process of
 * its own with its key store's password in its environment. It can be stopped, killed as in a crash, and started
 * again on the same journal.
 */
public final class SiteBroker {

    /** Artemis' log code for a message dropped by duplicate detection. */
    static final String DUPLICATE_DROPPED = "AMQ222059";
    static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final String site;
    private final String identity;
    private final Path instance;
    private final int port;
    private final String password;
    private final Path log;
    private final Closing closing;
    private ChildProcess process;

    SiteBroker(String site, String identity, Path instance, int port, Path pki, Path log, Closing closing) {
        this.site = site;
        this.identity = identity;
        this.closing = closing;
        this.instance = instance;
        this.port = port;
        this.log = log;
        try {
            this.password = Files.readString(new PkiLayout(pki).serverDir(identity)
                    .resolve(KeyStorePasswords.FILE_NAME)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the key store password of site " + site + " cannot be read", e);
        }
    }

    public String site() {
        return site;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process != null && process.alive();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts the broker ({@code bin/artemis run}); {@link #awaitListening} tells when it takes connections. */
    public void start() throws IOException {
        closing.refuseIfClosing("the broker of site " + site);
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"),
                "JAVA_ARGS", "-Xms64m -Xmx512m -XX:+UseSerialGC",
                KeyStorePasswords.variableFor(identity), password);
        process = ChildProcess.start("the broker of site " + site, List.of("bash", instance.resolve("bin/artemis").toString(), "run"),
                env, instance, log);
    }

    public void awaitListening(Duration atMost) throws InterruptedException {
        process.awaitUntil(this::listening, atMost, "does not listen on 127.0.0.1:" + port);
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** SIGKILL: a crash, with no chance to close anything. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /**
     * An orderly stop (SIGTERM), forced after {@link #STOP_GRACE}: a broker whose links retry a site that is gone can
     * take long to stop, and its journal survives a kill.
     */
    public void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
        }
    }

    /** How many messages this broker dropped as duplicates so far (resent over a link after a crash, say). */
    public long duplicatesDropped() {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(DUPLICATE_DROPPED)).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
