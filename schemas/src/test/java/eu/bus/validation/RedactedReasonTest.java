package eu.bus.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The redacted rendering of a problem never carries anything from the document: each case puts a
 * marker where the offending value (or property name, or token) goes, validates the file, and looks
 * for the marker, and any four characters of it, in the redacted text.
 */
class RedactedReasonTest {

    static final String MARKER = "SECRET-7f3a";
    static final MessageValidator VALIDATOR = ExamplesTest.VALIDATOR;
    static final Path REPORT = Path.of("examples/valid/intelligence-report-1.json");
    static final Path RECEIPT = Path.of("examples/valid/delivery-receipt-1.json");

    @TempDir
    Path dir;

    /**
     * One way to break a document: its bytes, the marker it carries in the offending place, the
     * pointer the redacted text must name, and whether the detailed text quotes the marker (which
     * shows the marker sits where a leak would happen).
     */
    record Case(String name, byte[] bytes, String marker, String pointer, boolean detailedQuotesIt) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> brokenDocuments() throws IOException {
        String report = Files.readString(REPORT);
        String longNumber = "7357".repeat(300);
        return Stream.of(
                new Case("enum", edit(REPORT, d -> header(d).put("handlingCode", MARKER)), MARKER, "/header/handlingCode", true),
                new Case("const", edit(RECEIPT, d -> ((ObjectNode) d.get("payload").get("digest")).put("algorithm", MARKER)), MARKER,
                        "/payload/digest/algorithm", true),
                new Case("pattern", edit(REPORT, d -> header(d).put("caseId", MARKER)), MARKER, "/header/caseId", true),
                new Case("format", edit(REPORT, d -> header(d).put("createdAt", MARKER)), MARKER, "/header/createdAt", true),
                new Case("maxLength", edit(REPORT, d -> payload(d).put("title", MARKER.repeat(20))), MARKER, "/payload/title", false),
                new Case("type", edit(REPORT, d -> payload(d).put("countriesInvolved", MARKER)), MARKER, "/payload/countriesInvolved", false),
                new Case("additionalProperties (the property name is the secret)", edit(REPORT, d -> payload(d).put(MARKER, "x")), MARKER,
                        "/payload", true),
                new Case("unknown schema version", edit(REPORT, d -> header(d).put("schemaVersion", "417.917")), "417.917",
                        "/header/schemaVersion", true),
                new Case("duplicate key", utf8(report.replace("\"payload\": {", "\"payload\": {\"" + MARKER + "\": 1, \"" + MARKER + "\": 2,")),
                        MARKER, "(document)", true),
                new Case("bad token", utf8(report.replace("\"handlingCode\": \"H1\"", "\"handlingCode\": " + MARKER)), MARKER, "(document)", true),
                new Case("unexpected character", utf8("{'" + MARKER + "': 1}"), MARKER, "(document)", false),
                new Case("control character in a string", utf8(report.replace("\"H1\"", "\"" + MARKER + "\t\"")), MARKER, "(document)", false),
                new Case("bad escape", utf8(report.replace("\"H1\"", "\"" + MARKER + "\\q\"")), MARKER, "(document)", false),
                new Case("bad UTF-8", concat(utf8(report.replace("\"H1\"", "\"" + MARKER)), new byte[] {(byte) 0xFF}, utf8("\"")), MARKER,
                        "(document)", false),
                new Case("trailing document", utf8(report + "\n{\"" + MARKER + "\": 1}"), MARKER, "(document)", false),
                new Case("trailing word", utf8(report + "\n" + MARKER), MARKER, "(document)", true),
                new Case("truncated", utf8("{\"header\": {\"" + MARKER), MARKER, "(document)", false),
                new Case("number longer than the parser accepts", utf8(report.replace("\"H1\"", longNumber)), longNumber, "(document)", false))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDocuments")
    void shouldLeaveTheDocumentOutOfTheRedactedReasonWhenAMessageIsInvalid(Case broken) throws IOException {
        Path file = dir.resolve("message.json");
        Files.write(file, broken.bytes());

        ValidationReport report = VALIDATOR.validate(file);

        assertFalse(report.valid(), broken.name() + " was accepted");
        for (ValidationError error : report.errors()) {
            assertNoPartOf(broken.marker(), error.redacted());
            assertNoPartOf(broken.marker(), error.redactedForm().rule());
        }
        assertNoPartOf(broken.marker(), report.redactedSummary());
        assertTrue(report.errors().stream().anyMatch(e -> e.redacted().startsWith(broken.pointer() + ": ")),
                () -> "no redacted error at " + broken.pointer() + ": " + redacted(report));
        if (broken.detailedQuotesIt()) {
            assertTrue(report.errors().stream().anyMatch(e -> containsPartOf(broken.marker(), e.describe())),
                    () -> "the detailed form should show the submitter its own data: " + report.errors());
        }
    }

    @Test
    void shouldNameTheRuleAndWhatTheSchemaExpectedWhenAValueIsNotAllowed() throws IOException {
        Path file = dir.resolve("message.json");
        Files.write(file, edit(REPORT, d -> header(d).put("handlingCode", MARKER)));

        ValidationError error = VALIDATOR.validate(file).errors().get(0);

        assertEquals("/header/handlingCode: value is not allowed by \"enum\" (expected one of H0, H1, H2, H3)", error.redacted());
        assertEquals("enum", error.redactedForm().rule());
        assertEquals("/header/handlingCode: \"" + MARKER + "\" is not allowed (expected one of H0, H1, H2, H3)", error.describe());
    }

    @Test
    void shouldPointAtTheParentWhenAnExtraPropertyNameWouldBeTheOnlyClue() throws IOException {
        Path file = dir.resolve("message.json");
        Files.write(file, edit(REPORT, d -> payload(d).put(MARKER, "x")));

        ValidationError error = VALIDATOR.validate(file).errors().get(0);

        assertEquals("/payload/" + MARKER, error.pointer());
        assertEquals("/payload: has a property not allowed by \"additionalProperties\" (expected only the properties the schema defines)",
                error.redacted());
    }

    static Stream<String> malformedTexts() {
        return Stream.of("{\"a\":1,\"a\":2}", "{\"a\": tru}", "{\"a\": \"abc", "{\"a\": 1} {\"b\": 2}", "{\"a\": 01}", "{\"a\": \"x\ty\"}",
                "{\"a\": \"\\q\"}", "{\"a\": 1]", "{\"a\" 1}", "{a: 1}", "[1,]", "{\"a\": -x}", "{\"a\": NaN}", "{\"a\": \"\\uZZZZ\"}",
                "/* comment */ {}", "{\"a\": 1", "{\"a\":" + "[".repeat(70));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTexts")
    void shouldSpeakInTheBusOwnWordsWhenJsonIsMalformed(String text) {
        ValidationReport report = VALIDATOR.validate(utf8(text));

        assertFalse(report.valid());
        for (ValidationError error : report.errors()) {
            for (String rendering : List.of(error.describe(), error.redacted())) {
                String lower = rendering.toLowerCase(Locale.ROOT);
                for (String internal : List.of("jackson", "fasterxml", "feature", "`", "source:", "redacted", "(code ", "jsonnode", "token (of type")) {
                    assertFalse(lower.contains(internal), () -> "parser internals (" + internal + ") in: " + rendering);
                }
            }
        }
    }

    @Test
    void shouldSayDuplicateKeyWithLineAndColumnWhenAKeyAppearsTwice() {
        ValidationError error = VALIDATOR.validate(utf8("{\n  \"a\": 1,\n  \"a\": 2}")).errors().get(0);

        assertEquals("(document): malformed JSON at line 3, column 6: duplicate key \"a\""
                + " (expected each key at most once per object (two readers could pick different values))", error.describe());
        assertEquals("(document): malformed JSON at line 3, column 6: duplicate key"
                + " (expected each key at most once per object (two readers could pick different values))", error.redacted());
    }

    @Test
    void shouldFoldTheRedactedReasonsWhenNoAlternativeHolds() throws IOException {
        ValidationReport report = VALIDATOR.validate(Path.of("examples/invalid/case-update-missing-every-change.json"));

        assertEquals("/payload: none of the alternative properties required by \"anyOf\" is present"
                + " (expected at least one of participantsAdded, participantsRemoved, progressNote, status)", report.redactedSummary());
    }

    @Test
    void shouldKeepTheCliJsonShapeWhenAnErrorIsWrittenAsJson() throws IOException {
        Path file = dir.resolve("message.json");
        Files.write(file, edit(REPORT, d -> header(d).put("handlingCode", "H7")));

        JsonNode json = Json.mapper().valueToTree(VALIDATOR.validate(file).errors().get(0));

        Set<String> names = new java.util.HashSet<>();
        json.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("pointer", "problem", "expected"), names);
    }

    private static void assertNoPartOf(String marker, String text) {
        assertFalse(containsPartOf(marker, text), () -> "the marker, or four characters of it, is in: " + text);
    }

    private static boolean containsPartOf(String marker, String text) {
        for (int i = 0; i + 4 <= marker.length(); i++) {
            if (text.contains(marker.substring(i, i + 4))) {
                return true;
            }
        }
        return marker.length() < 4 && text.contains(marker);
    }

    private static String redacted(ValidationReport report) {
        return report.errors().stream().map(ValidationError::redacted).toList().toString();
    }

    private static ObjectNode header(JsonNode document) {
        return (ObjectNode) document.get("header");
    }

    private static ObjectNode payload(JsonNode document) {
        return (ObjectNode) document.get("payload");
    }

    private static byte[] edit(Path example, Consumer<ObjectNode> change) {
        try {
            ObjectNode document = (ObjectNode) Json.mapper().readTree(example.toFile());
            change.accept(document);
            return Json.mapper().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the example " + example, e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
