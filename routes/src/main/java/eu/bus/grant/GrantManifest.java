package eu.bus.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node granted an auditor to read: who granted whom, why, when, and each message sealed for the auditor, with
 * its clear header (which the sender's signature binds) and the digest of the copy the node archived and recorded
 * RECEIVED, which ties the grant to the node's witnessed log. Signed by the granting node ({@link GrantSignature}).
 */
public record GrantManifest(String node, String grantee, String purpose, String user, Instant grantedAt, String scope,
                            List<Entry> messages) {

    public static final String FILE = "grant.json";

    /** One message granted: its file in the grant directory, the log record of its arrival, and its header. */
    public record Entry(String file, long sequence, String digest, Instant receivedAt, MessageHeader header) {
    }

    public GrantManifest {
        messages = List.copyOf(messages);
    }

    public byte[] toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("node", node).put("grantee", grantee).put("purpose", purpose).put("user", user)
                .put("grantedAt", grantedAt.toString()).put("scope", scope);
        ArrayNode list = root.putArray("messages");
        for (Entry e : messages) {
            ObjectNode m = list.addObject();
            m.put("file", e.file()).put("sequence", e.sequence()).put("digest", e.digest()).put("receivedAt", e.receivedAt().toString());
            m.set("header", HeaderCodec.toJson(e.header()));
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the grant manifest: " + e.getMessage(), e);
        }
    }

    /** Reads a manifest; the caller has checked its signature over exactly these bytes. */
    public static GrantManifest fromJson(byte[] json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the grant manifest is not JSON: " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode m : root.path("messages")) {
            entries.add(new Entry(m.path("file").asText(), m.path("sequence").asLong(), m.path("digest").asText(),
                    Instant.parse(m.path("receivedAt").asText()), HeaderCodec.fromJson(m.path("header"))));
        }
        return new GrantManifest(root.path("node").asText(), root.path("grantee").asText(), root.path("purpose").asText(),
                root.path("user").asText(null), Instant.parse(root.path("grantedAt").asText()),
                root.path("scope").asText(), entries);
    }
}
