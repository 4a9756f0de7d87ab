package eu.bus.cli;

import eu.bus.exchange.BusLayout;
import eu.bus.rest.RunFile;
import java.nio.file.Path;

/**
 * The broker journal of a work directory ({@code DIR/broker}) has one owner: the broker embedded in
 * {@code bus run}, or {@code bus broker}. Artemis waits for ever, silently, for the lock of a journal
 * another broker holds; this says at once which process holds it and what to do instead.
 */
final class BrokerJournal {

    /** Artemis' primary lock: its file lock is held for as long as a broker runs on the journal. */
    static final String PRIMARY_LOCK = "serverlock.1";

    private BrokerJournal() {
    }

    /** The file Artemis locks while a broker runs on the work directory's journal. */
    static Path primaryLock(Path workDir) {
        return new BusLayout(workDir).broker().resolve("journal").resolve(PRIMARY_LOCK);
    }

    /**
     * Refuses to start a broker on the journal of {@code workDir} while another process uses it: a live
     * {@code bus run} with its embedded broker (run.json), a {@code bus broker} (broker.json), or any
     * process holding Artemis' lock. {@code command} is what the user is starting, for the hint. Call it
     * before this process starts a broker of its own ({@link FileLocks#held}).
     */
    static void requireFree(Path workDir, String command) {
        var run = RunFile.read(workDir).filter(RunFile::processAlive);
        if (run.isPresent() && run.get().brokerEmbedded()) {
            long pid = run.get().pid();
            throw new IllegalStateException("bus run (pid " + pid + ") uses the work directory " + workDir
                    + " with its embedded broker, which holds the broker journal " + new BusLayout(workDir).broker()
                    + "; stop it first (Ctrl-C in its terminal, or kill " + pid + ") or choose another --workdir"
                    + (command.equals("bus broker") ? "; to run the broker as its own process, start bus broker first,"
                            + " then 'bus run --workdir " + workDir + " --broker HOST:PORT'" : ""));
        }
        var broker = BrokerFile.read(workDir).filter(BrokerFile::processAlive);
        if (broker.isPresent()) {
            long pid = broker.get().pid();
            throw new IllegalStateException("a broker already runs in " + workDir + " (pid " + pid + ", "
                    + broker.get().address() + "; bus broker) and holds its journal; " + (command.equals("bus run")
                    ? "run the nodes against it with 'bus run --workdir " + workDir + " --broker " + broker.get().address()
                    + "', or stop it first (Ctrl-C in its terminal, or kill " + pid + ")"
                    : "stop it first (Ctrl-C in its terminal, or kill " + pid + ") or choose another --workdir"));
        }
        if (FileLocks.held(primaryLock(workDir))) {
            throw new IllegalStateException("another process holds the broker journal " + new BusLayout(workDir).broker()
                    + " (Artemis' lock " + primaryLock(workDir) + " is taken), although neither run.json nor broker.json"
                    + " names a running process; find it with: fuser " + primaryLock(workDir) + " (or lsof), stop it,"
                    + " or choose another --workdir");
        }
    }
}
