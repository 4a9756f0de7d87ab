package eu.bus.bench.hop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.bench.SampleMessages;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The messages of the hop benchmark: a 4 KiB intelligence report from NL-ENU to three recipients
 * (BE-ENU, EUROPOL, EUROJUST), no case, so it goes to the three inboxes. Each message gets a fresh
 * id and a current creation time (the receivers check the time window and refuse replays).
 */
final class HopWorkload {

    static final String SENDER = "NL-ENU";
    static final List<String> RECIPIENTS = List.of("BE-ENU", "EUROPOL", "EUROJUST");
    static final List<String> NODES = List.of(SENDER, "BE-ENU", "EUROPOL", "EUROJUST");
    private static final String ID_MARK = "00000000-0000-4000-8000-000000000000";
    private static final String TIME_MARK = "2000-01-01T00:00:00Z";

    private final String template;

    HopWorkload(int bytes) {
        this(bytes, RECIPIENTS);
    }

    /** The same report for other recipients (the backlog benchmark sends to one). */
    HopWorkload(int bytes, List<String> recipients) {
        try {
            ObjectNode doc = (ObjectNode) Json.mapper().readTree(SampleMessages.intelligenceReport(bytes));
            ObjectNode header = (ObjectNode) doc.get("header");
            header.put("messageId", ID_MARK);
            header.put("createdAt", TIME_MARK);
            header.put("sender", SENDER);
            header.set("recipients", Json.mapper().valueToTree(recipients));
            header.remove("caseId");
            template = Json.mapper().writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        return template.getBytes(StandardCharsets.UTF_8).length;
    }

    byte[] next() {
        return next(UUID.randomUUID());
    }

    /** A fresh document with this message id (a caller that times the message knows its id before submitting). */
    byte[] next(UUID id) {
        return template.replace(ID_MARK, id.toString()).replace(TIME_MARK, Instant.now().toString())
                .getBytes(StandardCharsets.UTF_8);
    }
}
