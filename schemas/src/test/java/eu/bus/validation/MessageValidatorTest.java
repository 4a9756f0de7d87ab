package eu.bus.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageValidatorTest {

    static final MessageValidator VALIDATOR = ExamplesTest.VALIDATOR;
    static final Path VALID = Path.of("examples/valid/intelligence-report-1.json");

    @TempDir
    Path dir;

    private static ObjectNode validDocument() throws IOException {
        return (ObjectNode) Json.mapper().readTree(VALID.toFile());
    }

    private static ValidationError onlyError(ValidationReport report) {
        assertFalse(report.valid());
        assertEquals(1, report.errors().size(), () -> report.errors().toString());
        return report.errors().get(0);
    }

    @Test
    void shouldRefuseBeforeReadingWhenFileIsLargerThanTheLimit() throws IOException {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(60L * 1024 * 1024); // sparse: 60 MiB on paper, nothing on disk
        }
        ValidationError error = onlyError(VALIDATOR.validate(big));
        assertEquals("", error.pointer());
        assertTrue(error.problem().contains("62914560 bytes, over the limit of 52428800 bytes"), error.problem());
    }

    @Test
    void shouldStopReadingWhenStreamExceedsTheLimit() throws IOException {
        MessageValidator small = new MessageValidator(new ValidationLimits(1024));
        ValidationError error = onlyError(small.validate(new ByteArrayInputStream(new byte[10_000])));
        assertTrue(error.problem().contains("1025 bytes, over the limit of 1024 bytes"), error.problem());
    }

    @Test
    void shouldNameTheFirstBadByteWhenInputIsNotUtf8() {
        byte[] bytes = "{\"header\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        ValidationError error = onlyError(VALIDATOR.validate(bytes));
        assertEquals("byte 15 is not valid UTF-8 (binary or wrongly encoded input)", error.problem());
    }

    @Test
    void shouldGiveLineAndColumnWhenJsonIsMalformed() {
        byte[] bytes = "{\n  \"header\": {,\n}".getBytes(StandardCharsets.UTF_8);
        ValidationError error = onlyError(VALIDATOR.validate(bytes));
        assertTrue(error.problem().startsWith("malformed JSON at line 2, column 14: "), error.problem());
    }

    @Test
    void shouldRefuseWhenDocumentIsNestedTooDeep() {
        String deep = "{\"payload\":" + "[".repeat(65) + "]".repeat(65) + "}";
        ValidationError error = onlyError(VALIDATOR.validate(deep.getBytes(StandardCharsets.UTF_8)));
        assertEquals("the document is nested deeper than 64 levels", error.problem());
    }

    @Test
    void shouldRefuseWhenAKeyAppearsTwice() {
        // Two parties could read different handling codes from such a document.
        String twice = "{\"header\": {\"handlingCode\": \"H2\", \"handlingCode\": \"H0\"}, \"payload\": {}}";
        ValidationError error = onlyError(VALIDATOR.validate(twice.getBytes(StandardCharsets.UTF_8)));
        assertTrue(error.problem().contains("duplicate key \"handlingCode\""), error.problem());
    }

    @Test
    void shouldRefuseWhenTrailingContentFollowsTheDocument() throws IOException {
        byte[] bytes = (Files.readString(VALID) + "{}").getBytes(StandardCharsets.UTF_8);
        assertTrue(onlyError(VALIDATOR.validate(bytes)).problem().startsWith("malformed JSON"));
    }

    @Test
    void shouldNormaliseToUtcWhenCreatedAtCarriesAnOffset() throws IOException {
        ObjectNode doc = validDocument();
        ((ObjectNode) doc.get("header")).put("createdAt", "2026-11-28T10:15:30+01:00");
        ValidationReport report = VALIDATOR.validate(doc);
        assertTrue(report.valid(), () -> report.errors().toString());
        assertEquals(Instant.parse("2026-11-28T09:15:30Z"), report.header().createdAt());
    }

    @Test
    void shouldReportHeaderAndPayloadProblemsTogetherWhenBothAreWrong() throws IOException {
        ObjectNode doc = validDocument();
        ((ObjectNode) doc.get("header")).put("handlingCode", "H7");
        ((ObjectNode) doc.get("payload")).remove("title");
        ValidationReport report = VALIDATOR.validate(doc);
        assertEquals(2, report.errors().size(), () -> report.errors().toString());
        assertTrue(report.errors().stream().anyMatch(e -> e.pointer().equals("/header/handlingCode")));
        assertTrue(report.errors().stream().anyMatch(e -> e.pointer().equals("/payload/title")));
    }

    @Test
    void shouldNameTheAlternativesWhenNoneOfThemIsPresent() throws IOException {
        ValidationReport report = VALIDATOR.validate(Path.of("examples/invalid/case-update-missing-every-change.json"));
        ValidationError error = onlyError(report);
        assertEquals("/payload", error.pointer());
        assertEquals("at least one of participantsAdded, participantsRemoved, progressNote, status", error.expected());
    }

    @Test
    void shouldEscapeThePointerWhenAnExtraPropertyNameHasASlash() throws IOException {
        ObjectNode doc = validDocument();
        ((ObjectNode) doc.get("payload")).put("a/b~c", 1);
        assertEquals("/payload/a~1b~0c", onlyError(VALIDATOR.validate(doc)).pointer());
    }

    @Test
    void shouldRejectNonObjectPayloadWithoutCrashing() throws IOException {
        ObjectNode doc = validDocument();
        doc.put("payload", "text");
        assertEquals("/payload", onlyError(VALIDATOR.validate(doc)).pointer());
    }
}
