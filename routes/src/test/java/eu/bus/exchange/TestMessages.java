package eu.bus.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Schema examples made fresh for a test: new id, current time, the sender and recipients it needs. */
public final class TestMessages {

    private TestMessages() {
    }

    public static ObjectNode fresh(String example, String sender, List<String> recipients) {
        try {
            ObjectNode doc = (ObjectNode) Json.mapper().readTree(Path.of("../schemas/examples/valid", example).toFile());
            ObjectNode header = (ObjectNode) doc.get("header");
            header.put("messageId", UUID.randomUUID().toString());
            header.put("createdAt", Instant.now().toString());
            header.put("sender", sender);
            header.set("recipients", Json.mapper().valueToTree(recipients));
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(ObjectNode doc) {
        try {
            return Json.mapper().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] freshBytes(String example, String sender, List<String> recipients) {
        return bytes(fresh(example, sender, recipients));
    }
}
