package eu.bus.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command ({@code bus run}, {@code bus broker}) up until Ctrl-C or SIGTERM, then closes what it runs. */
final class UntilStopped {

    private UntilStopped() {
    }

    /** Blocks until the JVM is asked to stop and {@code running} is closed (in a shutdown hook, so SIGTERM works). */
    static void await(String command, AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println(command + ": stopping failed: " + e.getMessage());
            } finally {
                System.err.println(command + ": stopped");
                stopped.countDown();
            }
        }, command.replace(' ', '-') + "-shutdown"));
        stopped.await();
    }
}
