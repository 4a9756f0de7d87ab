package eu.bus.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.UncheckedIOException;

/**
 * Converts between the header's JSON and {@link MessageHeader}, and produces the canonical bytes
 * that are signed to bind the header to the body.
 *
 * <p>Canonical form: UTF-8 JSON, keys in alphabetical order at every level, no insignificant
 * white space, absent optional fields omitted, instants in ISO-8601 UTC ({@link java.time.Instant#toString()}).
 * Both sides derive it from the parsed header, so formatting differences on the wire do not matter
 * but any change of meaning does.
 */
public final class HeaderCodec {

    private HeaderCodec() {
    }

    /**
     * Reads a header that has already passed schema validation. A failure says which kind of mismatch
     * and where, but neither quotes the header nor keeps the parser's exception as its cause: its
     * message quotes the offending value, and a logged stack trace would carry it out of the envelope.
     */
    public static MessageHeader fromJson(JsonNode header) {
        try {
            return Json.mapper().treeToValue(header, MessageHeader.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("header does not match the header model: a property the model does not know"
                    + " (validate the header against its schema first)");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("header does not match the header model: a value of the wrong type or form"
                    + " (validate the header against its schema first)");
        }
    }

    public static JsonNode toJson(MessageHeader header) {
        return Json.mapper().valueToTree(header);
    }

    public static byte[] canonicalBytes(MessageHeader header) {
        try {
            return Json.mapper().writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
