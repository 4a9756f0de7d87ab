package eu.bus.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.Json;
import eu.bus.message.MessageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the three places that name message types and versions in agreement. */
class SchemaCatalogTest {

    @Test
    void shouldMatchEachSchemaIdToItsFileWhenSchemasAreShipped() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("json"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode schema = Json.mapper().readTree(file.toFile());
                String name = file.getParent().getFileName().toString();
                String version = file.getFileName().toString().replace(".json", "");
                assertEquals(SchemaCatalog.schemaId(name, version), schema.path("$id").asText(), file.toString());
                assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText(), file.toString());
            }
        }
    }

    @Test
    void shouldListTheSameTypesInHeaderSchemaAndEnumWhenTypesAreAdded() throws IOException {
        JsonNode header = Json.mapper().readTree(Path.of("json/header/1.0.json").toFile());
        List<String> inSchema = new ArrayList<>();
        header.path("properties").path("messageType").path("enum").forEach(n -> inSchema.add(n.asText()));
        assertEquals(Arrays.stream(MessageType.values()).map(MessageType::wireName).toList(), inSchema);
    }

    @Test
    void shouldShipAFileForEveryDeclaredVersion() {
        for (MessageType type : MessageType.values()) {
            for (String version : type.versions()) {
                assertTrue(Files.isRegularFile(Path.of("json", type.wireName(), version + ".json")), type + " " + version);
            }
        }
    }
}
