package eu.bus.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Assistance requests of a case whose deadline passed without a response, or that were answered late. The deadline
 * and the link from a response to its request ({@code inReplyTo}) are in the messages themselves, which logs never
 * hold: they come from message documents (what a case system received, or what bus audit replay and bus audit
 * open-grant write).
 */
public final class MissedDeadlines {

    private MissedDeadlines() {
    }

    /** @param documents message documents ({@code {"header", "payload"}}), of any case; those of {@code caseId} count */
    public static List<TimelineGap> of(String caseId, List<JsonNode> documents, Instant now) {
        Map<String, JsonNode> requests = new HashMap<>();
        Map<String, Instant> firstAnswer = new HashMap<>();
        for (JsonNode doc : documents) {
            JsonNode header = doc.path("header");
            if (!caseId.equals(header.path("caseId").asText())) {
                continue;
            }
            String type = header.path("messageType").asText();
            if (type.equals("assistance-request")) {
                requests.putIfAbsent(header.path("messageId").asText(), doc);
            } else if (type.equals("assistance-response") && header.hasNonNull("inReplyTo")) {
                Instant at = instant(header.path("createdAt").asText());
                if (at != null) {
                    firstAnswer.merge(header.path("inReplyTo").asText(), at, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        List<TimelineGap> gaps = new ArrayList<>();
        requests.forEach((id, doc) -> {
            Instant deadline = instant(doc.path("payload").path("deadline").asText());
            if (deadline == null) {
                return;
            }
            JsonNode header = doc.path("header");
            Instant answered = firstAnswer.get(id);
            String what = null;
            if (answered == null && deadline.isBefore(now)) {
                what = "its deadline " + deadline + " passed without a response (none among the messages given)";
            } else if (answered != null && answered.isAfter(deadline)) {
                what = "answered on " + answered + ", after its deadline " + deadline;
            }
            if (what != null) {
                List<String> to = new ArrayList<>();
                header.path("recipients").forEach(r -> to.add(r.asText()));
                gaps.add(new TimelineGap(UUID.fromString(id), "ASSISTANCE_REQUEST", header.path("sender").asText(),
                        String.join(", ", to), what));
            }
        });
        gaps.sort(java.util.Comparator.comparing(g -> g.messageId().toString()));
        return gaps;
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
