package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.exchange.BusLayout;
import eu.bus.keys.DevPki;
import eu.bus.rest.RunFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bus run} and {@code bus broker} as real processes: the exit code after Ctrl-C or SIGTERM, a broker
 * journal held by another process refused at once naming it, and the work directory from
 * {@code BUS_WORKDIR}.
 */
class LongRunningCommandTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU");

    @TempDir
    Path dir;
    final List<BusProcess> processes = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (BusProcess process : processes) {
            process.close();
        }
    }

    private BusProcess start(String name, String... args) throws Exception {
        return start(name, Map.of(), args);
    }

    private BusProcess start(String name, Map<String, String> env, String... args) throws Exception {
        BusProcess process = BusProcess.start(name, env, args);
        processes.add(process);
        return process;
    }

    private BusProcess startRun(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--workdir", dir.toString(), "--nodes", String.join(",", NODES)));
        args.addAll(List.of(extra));
        return start("run", args.toArray(String[]::new))
                .awaitUp(p -> RunFile.read(dir).filter(f -> f.pid() == p.pid()).isPresent());
    }

    private BusProcess startBroker() throws Exception {
        return start("broker", "broker", "--workdir", dir.toString(), "--port", "0")
                .awaitUp(p -> BrokerFile.read(dir).filter(f -> f.pid() == p.pid()).isPresent());
    }

    @Test
    void shouldExitZeroAfterACleanStopWhenBusRunGetsSigterm() throws Exception {
        BusProcess run = startRun();
        run.process.destroy(); // SIGTERM; the JVM alone would exit 143
        assertEquals(ExitCodes.OK, run.exitCode(60), run.output());
        assertTrue(run.output().contains("bus run: stopped"), run.output());
        assertFalse(Files.exists(RunFile.path(dir)), "run.json is removed on a clean stop");
    }

    @Test
    void shouldExitZeroAfterCtrlCWhenBusBrokerRuns() throws Exception {
        BusProcess broker = startBroker();
        broker.interrupt(); // SIGINT, as Ctrl-C; the JVM alone would exit 130
        assertEquals(ExitCodes.OK, broker.exitCode(60), broker.output());
        assertTrue(broker.output().contains("bus broker: stopped"), broker.output());
        assertFalse(Files.exists(BrokerFile.path(dir)), "broker.json is removed on a clean stop");
    }

    @Test
    void shouldRefuseABrokerAtOnceNamingTheBusRunThatHoldsTheJournal() throws Exception {
        BusProcess run = startRun();
        CliRun broker = assertTimeout(Duration.ofSeconds(10), () -> CliRun.bus("broker", "--workdir", dir.toString(), "--port", "0"));
        assertEquals(ExitCodes.INVALID_INPUT, broker.exitCode(), broker.err());
        assertTrue(broker.err().startsWith("bus broker: bus run (pid " + run.pid() + ") uses the work directory " + dir
                + " with its embedded broker"), broker.err());
        assertTrue(broker.err().contains("stop it first (Ctrl-C in its terminal, or kill " + run.pid() + ")"), broker.err());

        // Without run.json (deleted by hand), Artemis' lock still tells: no silent wait for ever.
        Files.delete(RunFile.path(dir));
        CliRun locked = assertTimeout(Duration.ofSeconds(10), () -> CliRun.bus("broker", "--workdir", dir.toString(), "--port", "0"));
        assertEquals(ExitCodes.INVALID_INPUT, locked.exitCode(), locked.err());
        assertTrue(locked.err().contains("another process holds the broker journal " + new BusLayout(dir).broker()), locked.err());
        assertFalse(Files.exists(BrokerFile.path(dir)), "no broker.json for a broker that never started");
    }

    @Test
    void shouldRefuseAnEmbeddedBrokerWhileBusBrokerRunsAndTheHintShouldWork() throws Exception {
        BusProcess broker = startBroker();
        CliRun run = assertTimeout(Duration.ofSeconds(10), () -> CliRun.bus("run", "--workdir", dir.toString(),
                "--nodes", String.join(",", NODES)));
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("a broker already runs in " + dir + " (pid " + broker.pid()), run.err());
        String hint = Hints.command(run.err(), "bus run --workdir");
        assertEquals("bus run --workdir " + dir + " --broker " + BrokerFile.read(dir).orElseThrow().address(), hint);

        List<String> args = new ArrayList<>(List.of(Hints.args(hint)));
        args.addAll(List.of("--nodes", String.join(",", NODES)));
        start("run", args.toArray(String[]::new))
                .awaitUp(p -> RunFile.read(dir).filter(f -> f.pid() == p.pid() && !f.brokerEmbedded()).isPresent());
    }

    @Test
    void shouldTakeTheWorkDirFromBusWorkdirUnlessWorkdirIsGiven() throws Exception {
        DevPki.init(new BusLayout(dir).pki(), NODES);
        BusProcess list = start("keys", Map.of(WorkDirOption.VARIABLE, dir.toString()), "keys", "list");
        assertEquals(ExitCodes.OK, list.exitCode(60), list.output());
        assertTrue(list.output().contains("NL-ENU"), list.output());

        Path other = Files.createDirectories(dir.resolve("other"));
        BusProcess given = start("keys", Map.of(WorkDirOption.VARIABLE, dir.toString()), "keys", "list", "--workdir", other.toString());
        assertEquals(ExitCodes.INVALID_INPUT, given.exitCode(60), given.output());
        assertTrue(given.output().contains("no node registry at " + other.resolve("pki/registry.json")), given.output());
    }
}
