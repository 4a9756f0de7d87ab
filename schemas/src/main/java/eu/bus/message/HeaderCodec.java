package eu.bus.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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

    /** Reads a header that has already passed schema validation. */
    public static MessageHeader fromJson(JsonNode header) {
        try {
            return Json.mapper().treeToValue(header, MessageHeader.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("header does not match the header model: " + e.getOriginalMessage(), e);
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
