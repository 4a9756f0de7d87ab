package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    static final Path EXAMPLES = Path.of("../schemas/examples");

    @TempDir
    Path dir;

    private static String[] allIn(String folder) throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES.resolve(folder))) {
            return Stream.concat(Stream.of("validate"),
                    files.filter(p -> p.toString().endsWith(".json")).sorted().map(Path::toString)).toArray(String[]::new);
        }
    }

    @Test
    void shouldPrintOkAndExitZeroWhenEveryFileIsValid() throws IOException {
        String[] args = allIn("valid");
        CliRun run = CliRun.bus(args);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(args.length - 1, run.out().lines().filter(l -> l.startsWith("OK ")).count());
        assertEquals("", run.err());
    }

    @Test
    void shouldPrintPointerAndReasonAndExitTwoWhenAFileIsInvalid() {
        CliRun run = CliRun.bus("validate", EXAMPLES.resolve("invalid/intelligence-report-handling-code-h7.json").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("/header/handlingCode: \"H7\" is not allowed (expected one of H0, H1, H2, H3)"), run.err());
    }

    @Test
    void shouldExitTwoWhenAnyOfSeveralFilesIsInvalid() throws IOException {
        String[] args = allIn("invalid");
        CliRun run = CliRun.bus(args);
        assertEquals(2, run.exitCode());
        assertEquals(args.length - 1, run.err().lines().filter(l -> l.startsWith("INVALID ")).count());
    }

    @Test
    void shouldGiveOneLineReasonWhenFileIsOversized() throws IOException {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(60L * 1024 * 1024);
        }
        CliRun run = CliRun.bus("validate", big.toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("over the limit of 52428800 bytes"), run.err());
    }

    @Test
    void shouldGiveOneLineReasonWhenFileIsBinaryGarbage() throws IOException {
        Path garbage = dir.resolve("garbage.bin");
        byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(garbage, bytes);
        CliRun run = CliRun.bus("validate", garbage.toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("is not valid UTF-8"), run.err());
    }

    @Test
    void shouldExitTwoWithPlainWordsWhenFileDoesNotExist() {
        CliRun run = CliRun.bus("validate", dir.resolve("nope.json").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("nope.json: (document): the file does not exist"), run.err());
    }

    @Test
    void shouldExitOneWhenNoFileIsGiven() {
        CliRun run = CliRun.bus("validate");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("Missing required parameter"), run.err());
    }

    @Test
    void shouldWriteJsonLinesWhenAskedForJson() {
        CliRun run = CliRun.bus("validate", "--json", EXAMPLES.resolve("valid/case-open-1.json").toString(),
                EXAMPLES.resolve("invalid/case-open-bad-case-id.json").toString());
        assertEquals(2, run.exitCode());
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].contains("\"valid\":true") && lines[0].contains("\"messageType\":\"case-open\""), lines[0]);
        assertTrue(lines[1].contains("\"pointer\":\"/header/caseId\""), lines[1]);
    }

    @Test
    void shouldListEveryTypeWhenSchemasIsRun() {
        CliRun run = CliRun.bus("schemas");
        assertEquals(0, run.exitCode());
        for (String type : new String[] {"intelligence-report", "case-open", "case-update", "case-close", "assistance-request",
                "assistance-response", "victim-referral", "financial-information", "jit-invitation", "delivery-receipt"}) {
            assertTrue(run.out().contains(type + " "), type);
        }
    }

    @Test
    void shouldPrintTheSchemaWhenShowIsGiven() {
        CliRun run = CliRun.bus("schemas", "--show", "victim-referral");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("\"$id\": \"https://schemas.thb-bus.eu/victim-referral/1.0.json\""));
        assertEquals(1, CliRun.bus("schemas", "--show", "gossip").exitCode());
    }

    @Test
    void shouldOfferHelpOnEverySubcommand() {
        for (String sub : new String[] {"validate", "schemas", "version"}) {
            CliRun run = CliRun.bus(sub, "--help");
            assertEquals(0, run.exitCode(), sub);
            assertTrue(run.out().startsWith("Usage: bus " + sub), run.out());
        }
    }
}
