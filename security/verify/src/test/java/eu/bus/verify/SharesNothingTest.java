package eu.bus.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The verifier shares no code with the writer: its own sources import nothing of the bus but themselves, and its
 * build depends on nothing but a JSON parser outside of tests (no Camel, no Artemis, no BouncyCastle).
 */
class SharesNothingTest {

    @Test
    void shouldImportNothingOfTheBusButItself() throws IOException {
        Pattern busImport = Pattern.compile("^import (static )?eu\\.bus\\.(?!verify\\.)", Pattern.MULTILINE);
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> offending = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return busImport.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
            assertEquals(List.of(), offending);
        }
    }

    @Test
    void shouldDependOnNothingButAJsonParserOutsideTests() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
        List<String> runtime = new java.util.ArrayList<>();
        while (dependency.find()) {
            String d = dependency.group(1);
            if (!d.contains("<scope>test</scope>")) {
                Matcher id = Pattern.compile("<artifactId>(.*?)</artifactId>").matcher(d);
                id.find();
                runtime.add(id.group(1));
            }
        }
        assertEquals(List.of("jackson-databind"), runtime);
    }
}
