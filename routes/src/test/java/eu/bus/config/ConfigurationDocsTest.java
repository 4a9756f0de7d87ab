package eu.bus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.keys.DevPki;
import eu.bus.message.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/CONFIGURATION.md and its examples stay true: the table lists exactly the keys the code knows, the examples load. */
class ConfigurationDocsTest {

    static final Path DOCS = Path.of("../docs");

    @TempDir
    Path dir;

    private static List<String> generic(List<String> keys) {
        return keys.stream().map(k -> k.replace(ConfigKeys.NODE, "NODE")).sorted().toList();
    }

    @Test
    void shouldDocumentEveryKeyTheConfigurationKnowsAndNoOther() throws Exception {
        List<String> documented = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z.]+|secrets\\.NODE\\.[A-Za-z]+)` \\|").matcher(
                Files.readString(DOCS.resolve("CONFIGURATION.md")));
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(generic(ConfigKeys.ALL), documented.stream().sorted().toList());
    }

    @Test
    void shouldUseEveryKeyInTheFullExampleAndAcceptThemAll() throws Exception {
        Path example = DOCS.resolve("examples/node-nl.json");
        List<String> used = new ArrayList<>();
        flatten(Json.mapper().readTree(example.toFile()), "", used);
        assertEquals(generic(ConfigKeys.ALL), used.stream().distinct().sorted().toList());

        // Every key and value is accepted: what stops it here is only that /etc/bus/nl/pki is not on this machine.
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(example, Map.<String, String>of()::get));
        assertTrue(e.getMessage().contains("node-nl.json: pki: no such directory /etc/bus/nl/pki"), e.getMessage());
    }

    @Test
    void shouldRunTheMinimalExampleWithThePkiBesideIt() throws Exception {
        Path file = Files.copy(DOCS.resolve("examples/node-be-minimal.json"), dir.resolve("node.json"));
        DevPki.init(dir.resolve("pki"), List.of("BE-NMT", "NL-NMT"));

        List<String> checked = NodeConfigCheck.run(NodeConfig.load(file, Map.<String, String>of()::get));

        assertTrue(checked.stream().anyMatch(line -> line.startsWith("files     BE-NMT: audit " + dir.resolve("nodes/BE-NMT/audit"))),
                checked.toString());
    }

    /** Dotted keys of the document, a node id under secrets as NODE. */
    private static void flatten(JsonNode node, String prefix, List<String> keys) {
        node.fields().forEachRemaining(field -> {
            String key = prefix.equals("secrets.") ? "secrets.NODE" : prefix + field.getKey();
            if (field.getValue().isObject()) {
                flatten(field.getValue(), key + ".", keys);
            } else {
                keys.add(key);
            }
        });
    }
}
