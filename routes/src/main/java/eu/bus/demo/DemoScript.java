package eu.bus.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The messages of the scripted cross-border case, taken from the valid schema examples shipped in
 * the jar (so the demo exercises exactly what the tests validate) and given fresh ids and times. The benchmarks
 * take their documents from here too.
 */
public final class DemoScript {

    static final String CASE = "CASE-2026-000123";

    private DemoScript() {
    }

    public static ObjectNode example(String name) {
        try (InputStream in = DemoScript.class.getResourceAsStream("/eu/bus/demo/examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo example " + name + " is missing from the build");
            }
            ObjectNode doc = (ObjectNode) Json.mapper().readTree(in);
            ObjectNode header = (ObjectNode) doc.get("header");
            header.put("messageId", UUID.randomUUID().toString());
            header.put("createdAt", Instant.now().toString());
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode addressed(String name, List<String> recipients) {
        ObjectNode doc = example(name);
        ((ObjectNode) doc.get("header")).set("recipients", Json.mapper().valueToTree(recipients));
        return doc;
    }

    public static byte[] bytes(ObjectNode doc) {
        try {
            return Json.mapper().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
