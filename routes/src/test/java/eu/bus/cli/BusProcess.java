package eu.bus.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code bus ARGS} in a JVM of its own from the test class path, its output in target/process-NAME-N.log;
 * for what only a real process shows (exit codes after signals, locks held by another process).
 */
final class BusProcess implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(60);
    private static int started;

    final Process process;
    final Path log;

    private BusProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code bus args} with {@code env} added to this environment. */
    static BusProcess start(String name, Map<String, String> env, String... args) throws IOException {
        return start(name, "-Xmx384m", env, args);
    }

    /** As {@link #start(String, Map, String...)} with the JVM option {@code heap}, e.g. -Xmx512m. */
    static BusProcess start(String name, String heap, Map<String, String> env, String... args) throws IOException {
        Path log = Files.createDirectories(Path.of("target")).resolve("process-" + name + "-" + (started++) + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", System.getProperty("java.class.path"), BusCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new BusProcess(builder.start(), log);
    }

    /** Returns once {@code up} holds for the process; fails with its output if it ended first. */
    BusProcess awaitUp(Predicate<Process> up) {
        await().atMost(START).until(() -> !process.isAlive() || up.test(process));
        assertTrue(process.isAlive(), () -> "the process ended; its output: " + output());
        return this;
    }

    /** The exit code, waiting at most {@code seconds}; fails with its output if it still runs. */
    int exitCode(int seconds) throws InterruptedException {
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), () -> "still running after " + seconds + " s: " + output());
        return process.exitValue();
    }

    /** Sends SIGINT, as Ctrl-C in its terminal does. */
    void interrupt() throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    long pid() {
        return process.pid();
    }

    /** Kills the process (SIGKILL) and waits for it to end. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
