package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.exchange.BusLayout;
import eu.bus.keys.DevPki;
import eu.bus.rest.BusApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator mistakes about the work directory: each is refused before anything starts, saying what to do. */
class WorkDirMistakesTest {

    @TempDir
    Path dir;

    @Test
    void shouldSayTheWorkDirCannotBeCreatedAndWhatToDo() {
        CliRun run = CliRun.bus("run", "--workdir", "/proc/nope");
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("bus run: cannot create the work directory /proc/nope ("), run.err());
        assertTrue(run.err().contains("): choose a writable --workdir"), run.err());
    }

    @Test
    void shouldSayTheWorkDirIsAFileForEveryCommandThatWritesThere() throws Exception {
        Path file = Files.writeString(dir.resolve("bus-data"), "not a directory");
        for (String command : List.of("run", "broker")) {
            CliRun run = CliRun.bus(command, "--workdir", file.toString());
            assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), command + ": " + run.err());
            assertTrue(run.err().contains("the work directory " + file + " is a file, not a directory: choose a writable"
                    + " --workdir"), run.err());
        }
    }

    @Test
    void shouldSuggestKeysAddForANodeThePkiLacksAndRunWhenTheHintIsFollowed() throws Exception {
        DevPki.init(new BusLayout(dir).pki(), List.of("NL-NMT", "NL-ENU"));
        CliRun run = CliRun.bus("run", "--workdir", dir.toString(), "--nodes", "NL-NMT,FR-NMT");
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode());
        assertFalse(run.err().contains("rotate"), run.err());
        String hint = Hints.command(run.err(), "bus keys add");
        assertEquals("bus keys add FR-NMT --workdir " + dir, hint);
        CliRun add = CliRun.bus(Hints.args(hint));
        assertEquals(ExitCodes.OK, add.exitCode(), add.err());
        // what bus run --workdir DIR --nodes NL-NMT,FR-NMT starts
        try (EmbeddedBus bus = EmbeddedBus.start(dir, List.of("NL-NMT", "FR-NMT"), BusApiServer.Settings.defaults())) {
            assertEquals(List.of("NL-NMT", "FR-NMT"), bus.runFile().nodes());
        }
    }
}
