package eu.bus.exchange;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import eu.bus.validation.ValidationError;
import java.io.IOException;

/**
 * Reasons for refusing a received message, as they go to the dead-letter queue, the log and the
 * audit record: where and which rule, never a value from the message (the payload was encrypted; its
 * content must not leave the envelope through an error message).
 */
final class Reasons {

    private Reasons() {
    }

    static String of(ValidationError error) {
        return error.redacted();
    }

    /** A JSON syntax error as its position only (the parser's own message quotes the offending text). */
    static String ofJsonError(IOException e) {
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            JsonLocation at = json.getLocation();
            return "syntax error at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return "unreadable";
    }
}
