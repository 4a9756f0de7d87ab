package eu.bus.sites;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A process this JVM started (a broker or a node), its output in a log file. It ends when told (SIGTERM, then
 * SIGKILL if it lingers) or at once ({@link #kill}: SIGKILL, as a crash); its descendants go with it, so nothing
 * it started outlives the demo or the test.
 */
final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workingDir, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ChildProcess(name, builder.start(), log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /**
     * Waits until {@code ready} holds (asked every 300 ms); fails at once, with the end of its output, if the process
     * ends first, and after {@code atMost} saying it {@code notReady}.
     */
    void awaitUntil(BooleanSupplier ready, Duration atMost, String notReady) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(name + " stopped; its log " + log + " ends:\n" + tail(20));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(name + " " + notReady + " after " + atMost.toSeconds() + " s; see " + log);
    }

    /** SIGKILL to the process and everything it started; returns once it is gone. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitGone(Duration.ofSeconds(30));
    }

    /** SIGTERM (an orderly stop), SIGKILL after {@code grace}. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitGone(grace)) {
            kill();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private boolean waitGone(Duration atMost) {
        try {
            return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The last lines of its output, for an error message. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
