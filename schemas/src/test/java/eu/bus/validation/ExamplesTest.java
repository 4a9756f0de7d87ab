package eu.bus.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.message.MessageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every example file in schemas/examples through the validator and checks the exact outcome. */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("examples");
    static final MessageValidator VALIDATOR = new MessageValidator();

    static Stream<Path> validExamples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("valid"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    /** file, pointer that must be reported, text the problem must contain (from EXPECTED.tsv). */
    static Stream<Arguments> invalidExamples() throws IOException {
        return expectations().stream().map(row -> Arguments.of(row[0], row[1], row[2]));
    }

    static List<String[]> expectations() throws IOException {
        return Files.readAllLines(EXAMPLES.resolve("invalid/EXPECTED.tsv")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t", -1))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void shouldAcceptWhenExampleIsValid(Path file) throws IOException {
        ValidationReport report = VALIDATOR.validate(file);
        assertTrue(report.valid(), () -> file + " was rejected: " + report.errors());
        assertTrue(report.headerIfValid().isPresent());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalidExamples")
    void shouldReportThePointerWhenExampleIsInvalid(String file, String pointer, String problem) throws IOException {
        ValidationReport report = VALIDATOR.validate(EXAMPLES.resolve("invalid").resolve(file));
        assertFalse(report.valid(), file + " was accepted");
        assertTrue(report.errors().stream().anyMatch(e -> e.pointer().equals(pointer) && e.problem().contains(problem)),
                () -> file + ": expected an error at '" + pointer + "' containing '" + problem + "' but got " + report.errors());
    }

    @Test
    void shouldListAnExpectationForEveryInvalidExampleFile() throws IOException {
        List<String> listed = expectations().stream().map(r -> r[0]).sorted().toList();
        List<String> files;
        try (Stream<Path> s = Files.list(EXAMPLES.resolve("invalid"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        assertEquals(files, listed);
    }

    @Test
    void shouldHaveThreeValidAndSixInvalidExamplesWhenCountedPerType() throws IOException {
        Map<String, Long> valid = validExamples().map(p -> typeOf(p.getFileName().toString()))
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        Map<String, Long> invalid = expectations().stream().map(r -> typeOf(r[0]))
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        for (MessageType type : MessageType.values()) {
            assertTrue(valid.getOrDefault(type.wireName(), 0L) >= 3, type + " has fewer than 3 valid examples");
            assertTrue(invalid.getOrDefault(type.wireName(), 0L) >= 6, type + " has fewer than 6 invalid examples");
        }
    }

    private static String typeOf(String fileName) {
        return Stream.of(MessageType.values()).map(MessageType::wireName)
                .filter(fileName::startsWith).findFirst().orElse("document");
    }
}
