package eu.bus.validation;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.MessageHeader;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of validating one message. When valid, the parsed header and document are there;
 * when not, {@link #errors()} says what, where and why, in document order as far as the schema
 * walk allows.
 */
public record ValidationReport(List<ValidationError> errors, MessageHeader header, JsonNode document) {

    public ValidationReport {
        errors = List.copyOf(errors);
    }

    static ValidationReport invalid(List<ValidationError> errors) {
        return new ValidationReport(errors, null, null);
    }

    static ValidationReport invalid(ValidationError error) {
        return invalid(List.of(error));
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /**
     * One line that is safe to log, audit or put into a broker property: the first problem's
     * {@link ValidationError#redacted()} and how many more there are; "" when valid.
     */
    public String redactedSummary() {
        if (errors.isEmpty()) {
            return "";
        }
        return errors.get(0).redacted() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    }

    public Optional<MessageHeader> headerIfValid() {
        return Optional.ofNullable(header);
    }

    /** The payload object, present when the message is valid. */
    public JsonNode payload() {
        return document == null ? null : document.get("payload");
    }
}
