package eu.bus.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.Durable;
import eu.bus.keys.SecureFiles;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Delivers each message as {@code <messageId>.json} (header, payload, signer), written atomically and forced (file and directory entry).
 * The files are decrypted plaintext: each is owner-only (0600) from the moment it exists, and the directory, when the bus
 * creates it, is owner-only too (0700); an existing directory keeps the permissions its operator gave it.
 */
public final class DirectoryCaseSystem implements CaseSystem {

    private final Path dir;

    public DirectoryCaseSystem(Path dir) {
        this.dir = dir;
    }

    /**
     * True when the message's file is there with what this message delivers (files appear whole: written, forced,
     * renamed), but for the header's createdAt: a copy its sender protected again (after a key change) is dated
     * anew and is the same message. Another message under the same id (another sender's) is not "held".
     */
    @Override
    public boolean holds(Incoming message) {
        Path file = dir.resolve(message.header().messageId() + ".json");
        try {
            return Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && undated(Json.mapper().readTree(Files.readAllBytes(file))).equals(undated(Json.mapper().readTree(render(message))));
        } catch (IOException e) {
            return false; // unreadable: deliver again, which replaces it
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode undated(com.fasterxml.jackson.databind.JsonNode delivered) {
        if (delivered.path("header") instanceof ObjectNode header) {
            header.remove("createdAt");
        }
        return delivered;
    }

    @Override
    public void deliver(Incoming message) {
        try {
            SecureFiles.createOwnerOnlyDirectories(dir);
            // Forced file and directory entry: the broker forgets the message once the route commits.
            Durable.writeAll(List.of(new Durable.Content(dir.resolve(message.header().messageId() + ".json"),
                    render(message))), true,
                    SecureFiles.withPermissions(SecureFiles.OWNER_ONLY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deliver " + message.header().messageId() + " to " + dir, e);
        }
    }

    /** The file's content: the message as its sender signed it, with who signed it (and who passed it on). */
    private static byte[] render(Incoming message) throws IOException {
        ObjectNode out = Json.mapper().createObjectNode();
        Forwarded original = message.forwarded();
        if (original == null) {
            out.set("header", HeaderCodec.toJson(message.header()));
            out.set("payload", message.payload());
            out.put("signedBy", message.opened().signer());
        } else {
            // The case system gets the original as its sender signed it, and who passed it on.
            out.set("header", HeaderCodec.toJson(original.header()));
            out.set("payload", original.payload());
            out.put("signedBy", original.signer());
            out.put("forwardedBy", message.opened().signer());
            out.put("forwardMessageId", message.header().messageId().toString());
        }
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
    }
}
