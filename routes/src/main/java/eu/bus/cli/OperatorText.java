package eu.bus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** How bus dlq and bus messages print what the API answers, and who they say is asking. */
final class OperatorText {

    private OperatorText() {
    }

    /** The person at this terminal, as the audit record names them (declared, beside the node's certificate). */
    static String operatorName() {
        return System.getProperty("user.name");
    }

    /** A time to the second, for tables; "-" when absent. */
    static String time(JsonNode at) {
        if (at == null || !at.isTextual()) {
            return "-";
        }
        try {
            return Instant.parse(at.asText()).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return at.asText();
        }
    }

    static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }

    static String indent(JsonNode json) {
        try {
            return "    " + Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json).replace("\n", "\n    ");
        } catch (IOException e) {
            return "    " + json;
        }
    }
}
