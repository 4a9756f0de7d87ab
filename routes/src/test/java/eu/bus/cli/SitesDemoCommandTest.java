package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bus demo --sites}' mistakes; the run itself is {@code HubCrashTest}'s machinery and is too long for the suite. */
class SitesDemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAnArtemisHomeWithoutSites() {
        CliRun run = CliRun.bus("demo", "--artemis-home", dir.toString(), "--workdir", dir.resolve("demo").toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
        assertTrue(run.err().contains("--artemis-home goes with --sites"), run.err());
    }

    @Test
    void shouldSayWhereTheDistributionWasLookedForAndHowToGetIt() {
        CliRun run = CliRun.bus("demo", "--sites", "--artemis-home", dir.resolve("none").toString(),
                "--workdir", dir.resolve("demo").toString());
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("no Apache Artemis distribution at " + dir.resolve("none")), run.err());
    }
}
