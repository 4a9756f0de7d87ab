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

    /** A fresh case-open by {@code lead} naming {@code lead} and {@code others}, addressed to the others. */
    public static ObjectNode caseOpen(String caseId, String lead, List<String> others) {
        ObjectNode doc = fresh("case-open-1.json", lead, others);
        ((ObjectNode) doc.get("header")).put("caseId", caseId);
        ObjectNode payload = (ObjectNode) doc.get("payload");
        payload.put("leadNode", lead);
        var participants = payload.putArray("participants");
        participants.addObject().put("node", lead).put("role", "LEAD");
        others.forEach(n -> participants.addObject().put("node", n).put("role", "PARTICIPANT"));
        return doc;
    }

    /** A fresh case-update that removes {@code removed}; addressed to every other participant, the removed included. */
    public static ObjectNode caseRemoval(String caseId, String sender, List<String> recipients, List<String> removed) {
        ObjectNode doc = fresh("case-update-1.json", sender, recipients);
        ((ObjectNode) doc.get("header")).put("caseId", caseId);
        ObjectNode payload = Json.mapper().createObjectNode();
        removed.forEach(payload.putArray("participantsRemoved")::add);
        payload.put("progressNote", "Participants removed.");
        doc.set("payload", payload);
        return doc;
    }

    /** A fresh case-close, addressed to {@code recipients} (every other participant). */
    public static ObjectNode caseClose(String caseId, String sender, List<String> recipients) {
        ObjectNode doc = fresh("case-close-1.json", sender, recipients);
        ((ObjectNode) doc.get("header")).put("caseId", caseId);
        return doc;
    }

    /** A fresh message about a case, addressed to {@code recipients}: on the case topic when they are all the other participants. */
    public static ObjectNode aboutCase(String caseId, String sender, List<String> recipients) {
        ObjectNode doc = fresh("assistance-request-1.json", sender, recipients);
        ((ObjectNode) doc.get("header")).put("caseId", caseId);
        return doc;
    }

    public static byte[] freshBytes(String example, String sender, List<String> recipients) {
        return bytes(fresh(example, sender, recipients));
    }
}
