package eu.bus.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Record bytes: UTF-8 JSON with keys in alphabetical order and absent fields omitted. The stored
 * bytes are what is hashed, so readers never re-encode; the fixed form only keeps writers alike.
 */
public final class AuditRecordCodec {

    private static final ObjectWriter WRITER = Json.mapper().writerFor(AuditRecord.class);
    private static final ObjectReader READER = Json.mapper().readerFor(AuditRecord.class);

    private AuditRecordCodec() {
    }

    public static byte[] encode(AuditRecord record) {
        try {
            return WRITER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a well-formed record */
    public static AuditRecord decode(byte[] data, int offset, int length) {
        try {
            return READER.readValue(data, offset, length);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("not a well-formed audit record: " + why, e);
        }
    }
}
