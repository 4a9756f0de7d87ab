package eu.bus.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import eu.bus.message.Json;
import java.io.IOException;

/**
 * The three fields of a stored record that the chain rules need, read with a streaming parser.
 * A full decode (times, UUIDs, enums) costs four times as much and adds nothing to tamper
 * evidence: the hash covers every byte anyway. The parser is the shared mapper's, so duplicate
 * keys and malformed JSON are still refused.
 */
record ChainFields(long sequence, String node, String previousHash) {

    static ChainFields read(byte[] data, int offset, int length) {
        long sequence = -1;
        String node = null;
        String previous = null;
        try (JsonParser p = Json.mapper().getFactory().createParser(data, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "sequence" -> sequence = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "node" -> node = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "previousHash" -> previous = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("malformed JSON object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not well-formed JSON: " + e.getMessage(), e);
        }
        if (sequence < 0 || node == null || previous == null) {
            throw new IllegalArgumentException("sequence, node or previousHash missing or of the wrong type");
        }
        return new ChainFields(sequence, node, previous);
    }
}
