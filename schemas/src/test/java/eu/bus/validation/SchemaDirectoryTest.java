package eu.bus.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another release's schemas, read from a directory: which messages its newer versions would refuse. */
class SchemaDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeANewerVersionFromTheDirectoryAndRefuseWhatItNoLongerAllows() throws IOException {
        copy(Path.of("json"), dir);
        ObjectNode stricter = (ObjectNode) Json.mapper().readTree(dir.resolve("intelligence-report/1.0.json").toFile());
        stricter.put("$id", SchemaCatalog.schemaId("intelligence-report", "1.1"));
        stricter.withArray("required").add("observedUntil");
        Files.writeString(dir.resolve("intelligence-report/1.1.json"), stricter.toString());

        SchemaCatalog release = SchemaCatalog.fromDirectory(dir);
        MessageValidator next = new MessageValidator(release, ValidationLimits.defaults());
        JsonNode example = Json.mapper().readTree(Path.of("examples/valid/intelligence-report-1.json").toFile());
        ValidationReport pinned = new MessageValidator().validate(example);
        ObjectNode payload = (ObjectNode) example.get("payload").deepCopy();
        payload.remove("observedUntil");

        assertEquals(Optional.of("1.1"), release.latestVersion(MessageType.INTELLIGENCE_REPORT));
        assertEquals(Optional.of("1.0"), SchemaCatalog.load().latestVersion(MessageType.INTELLIGENCE_REPORT));
        MessageHeader header = pinned.header().withSchemaVersion("1.1");
        assertTrue(next.validate(header, example.get("payload")).valid());
        ValidationReport refused = next.validate(header, payload);
        assertFalse(refused.valid());
        assertTrue(refused.errors().get(0).describe().contains("observedUntil"), refused.errors().get(0).describe());
        assertTrue(new MessageValidator().validate(pinned.header(), payload).valid(), "1.0 does not require it");
    }

    @Test
    void shouldRefuseADirectoryThatHoldsNoSchemas() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchemaCatalog.fromDirectory(dir));
        assertTrue(e.getMessage().contains("NAME/VERSION.json"), e.getMessage());
    }

    @Test
    void shouldOrderVersionsByTheirNumbers() {
        assertTrue(SchemaCatalog.compareVersions("1.10", "1.9") > 0);
        assertTrue(SchemaCatalog.compareVersions("2.0", "1.10") > 0);
        assertEquals(0, SchemaCatalog.compareVersions("1.0", "1.0"));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
