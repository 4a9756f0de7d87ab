package eu.bus.reliability;

import static org.awaitility.Awaitility.await;

import eu.bus.broker.BrokerAddress;
import eu.bus.cli.BrokerFile;
import eu.bus.rest.RunFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The separate JVMs of a crash scenario, started from the test class path as an operator would start
 * them ({@code bus broker}, {@code bus run}) or from a test-only main with a crash point. Each one's
 * output goes to {@code target/reliability/SCENARIO-N-NAME.log}. {@link #kill} is {@code kill -9}
 * (SIGKILL on Linux: no shutdown hook, nothing flushed); {@link #close} kills whatever is still alive,
 * so a failing test leaves no process behind.
 */
final class BusProcesses implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(90);

    private final Path workDir;
    private final String scenario;
    private final List<Process> started = new ArrayList<>();

    BusProcesses(Path workDir, String scenario) {
        this.workDir = workDir;
        this.scenario = scenario;
    }

    /** {@code bus broker --workdir DIR --port PORT [extra]}; returns once broker.json names this process. */
    Process broker(int port, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("broker", "--workdir", workDir.toString(), "--port", Integer.toString(port)));
        args.addAll(List.of(extra));
        return start("broker", "-Xmx384m", "eu.bus.cli.BusCommand", args,
                p -> BrokerFile.read(workDir).filter(f -> f.pid() == p.pid()).isPresent());
    }

    BrokerAddress brokerAddress() {
        return BrokerFile.read(workDir).orElseThrow().address();
    }

    /** {@code bus run --workdir DIR --broker HOST:PORT --nodes ...}; returns once run.json names this process. */
    Process run(BrokerAddress broker, List<String> nodes) throws Exception {
        return start("run", "-Xmx512m", "eu.bus.cli.BusCommand",
                List.of("run", "--workdir", workDir.toString(), "--broker", broker.host() + ":" + broker.port(),
                        "--nodes", String.join(",", nodes)),
                p -> RunFile.read(workDir).filter(f -> f.pid() == p.pid()).isPresent());
    }

    /** The nodes with a crash point ({@link CrashingNode}); returns once they are ready. */
    Process crashingNode(BrokerAddress broker, String node, String step, int after) throws Exception {
        Path ready = workDir.resolve(CrashingNode.READY);
        Files.deleteIfExists(ready);
        return start("crashing-" + node, "-Xmx512m", CrashingNode.class.getName(),
                List.of(workDir.toString(), broker.host() + ":" + broker.port(), node, step, Integer.toString(after)),
                p -> Files.exists(ready));
    }

    /** kill -9, and waits until the process is gone. */
    void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " did not end after SIGKILL");
        }
    }

    private Process start(String name, String heap, String mainClass, List<String> args, Predicate<Process> up) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "reliability"));
        Path log = logs.resolve(scenario + "-" + started.size() + "-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> !process.isAlive() || up.test(process));
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " ended (exit " + process.exitValue() + ") before it was up; its output: "
                    + read(log));
        }
        return process;
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Kills every process still alive, without waiting for one to finish its work. */
    @Override
    public void close() {
        for (Process process : started) {
            process.destroyForcibly();
        }
        for (Process process : started) {
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
