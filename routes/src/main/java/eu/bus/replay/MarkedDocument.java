package eu.bus.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.keys.SecureFiles;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A message opened from the archive written out for a reprocessing system or bus stats: {@code {MARK: {...}, "header",
 * "payload"}}, owner-only. The mark ("replay", "granted") says where it comes from, and makes it no bus message document
 * (the validator refuses the extra field), so no gateway takes it for a new message.
 */
public final class MarkedDocument {

    private MarkedDocument() {
    }

    public static Path write(Path file, String mark, Consumer<ObjectNode> markFields, MessageHeader header, byte[] payload) {
        try {
            ObjectNode document = Json.mapper().createObjectNode();
            markFields.accept(document.putObject(mark));
            document.set("header", HeaderCodec.toJson(header));
            document.set("payload", Json.mapper().readTree(payload));
            SecureFiles.writePrivate(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " (its payload is not JSON?): " + e.getMessage(), e);
        }
    }
}
