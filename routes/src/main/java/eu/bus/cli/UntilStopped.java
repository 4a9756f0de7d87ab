package eu.bus.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Keeps a long-running command ({@code bus run}, {@code bus broker}) up until Ctrl-C (SIGINT), SIGTERM or
 * SIGHUP, then closes what it runs and says how that went in the exit code: 0 after a clean stop, 4 when
 * stopping failed.
 *
 * <p>Why signal handlers rather than only a shutdown hook: the JVM answers these signals by running the
 * hooks and then exiting with 128 + the signal (130, 143) whatever happened, outside the documented exit
 * codes; halting from the hook would hide a failed stop and cut short the other hooks (logging). Handling
 * the signals lets the command stop on its own thread and return its real result. A shutdown hook still
 * closes what runs when the JVM ends any other way (System.exit, another signal). A second signal while
 * stopping forces the exit (4): the broker journal and the audit logs recover at the next start.
 */
final class UntilStopped {

    /** HUP: the terminal went away. Not every platform has every signal; the missing ones are skipped. */
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");

    private UntilStopped() {
    }

    /** Blocks until a stop signal, closes {@code running} and returns the exit code; {@code err} gets one line each. */
    static int await(String command, AutoCloseable running, PrintWriter err) throws InterruptedException {
        CountDownLatch stopAsked = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Thread hook = new Thread(() -> close(command, running, closed, err), command.replace(' ', '-') + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        List<Signal> handled = new ArrayList<>();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                Signal.handle(signal, s -> {
                    if (stopAsked.getCount() == 0) {
                        err.println(command + ": stopping was interrupted by a second " + s.getName() + "; forced exit");
                        err.flush();
                        Runtime.getRuntime().halt(ExitCodes.INTERNAL);
                    }
                    stopAsked.countDown();
                });
                handled.add(signal);
            } catch (IllegalArgumentException e) {
                // this platform has no such signal, or the JVM reserves it: the shutdown hook covers it
            }
        }
        stopAsked.await();
        int code = close(command, running, closed, err);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook finds the work done
        }
        return code;
    }

    private static int close(String command, AutoCloseable running, AtomicBoolean closed, PrintWriter err) {
        if (!closed.compareAndSet(false, true)) {
            return ExitCodes.OK;
        }
        err.println(command + ": stopping");
        err.flush();
        try {
            running.close();
            err.println(command + ": stopped");
            return ExitCodes.OK;
        } catch (Exception e) {
            err.println(command + ": stopping failed: " + e.getMessage());
            return ExitCodes.INTERNAL;
        } finally {
            err.flush();
        }
    }
}
