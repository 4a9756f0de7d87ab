package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.broker.SiteLinks;
import eu.bus.keys.DevPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code bus site init} writes for a member state that reaches the others through a hub, and its mistakes. */
class SiteInitRoutesTest {

    @TempDir
    Path dir;
    Path work;
    Path instance;

    @BeforeEach
    void sites() throws Exception {
        work = dir.resolve("work");
        DevPki pki = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
        pki.create(work.resolve("pki"), List.of("NL-NMT", "BE-NMT", "EUROPOL", "EUROJUST", "FR-NMT"));
        pki.issueServer(work.resolve("pki"), SiteLinks.identity("NL"));
        instance = dir.resolve("site-nl");
        Files.createDirectories(instance.resolve("etc"));
        Files.createDirectories(instance.resolve("bin"));
    }

    @Test
    void shouldRouteWhatHasNoDirectLinkThroughTheFirstHubAndAcceptRelaysFromTheHubsOnly() throws Exception {
        CliRun run = CliRun.bus("site", "init", instance.toString(), "--site", "NL", "--workdir", work.toString(),
                "--link", "EUROPOL=127.0.0.1:61619", "--link", "EUROJUST=127.0.0.1:61620", "--via", "EUROPOL");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        String xml = Files.readString(instance.resolve("etc/broker.xml"));
        assertTrue(xml.contains("bus.BE-NMT.inbox-to-europol") && xml.contains("bus.FR-NMT.receipts-to-europol"), xml);
        assertTrue(xml.contains("bus.EUROJUST.inbox-to-eurojust"), "a site with a direct link is reached over it");
        assertFalse(xml.contains("bus.BE-NMT.inbox-to-eurojust"), "only the first hub carries what has no link");
        assertTrue(xml.contains("key=\"hubs\" value=\"EUROPOL\""), xml);
        assertTrue(xml.contains("<producer-window-size>-1</producer-window-size>"), "no producer credits (ARTEMIS-5733)");
    }

    @Test
    void shouldListTheSitesItCannotReachWithoutAHub() {
        CliRun run = CliRun.bus("site", "init", instance.toString(), "--site", "NL", "--workdir", work.toString(),
                "--link", "EUROPOL=127.0.0.1:61619");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("not reachable from this site (no --link, no --via hub): the nodes at [BE, EUROJUST, FR]"),
                run.out());
    }

    @Test
    void shouldRefuseAHubItDoesNotLinkTo() {
        CliRun run = CliRun.bus("site", "init", instance.toString(), "--site", "NL", "--workdir", work.toString(),
                "--link", "EUROJUST=127.0.0.1:61620", "--via", "EUROPOL");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("--via EUROPOL needs a --link EUROPOL=HOST:PORT"), run.err());
    }
}
