package eu.bus.archive;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.audit.Durable;
import eu.bus.audit.Sha256;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The exact protected bytes of every message a node sent or received, so auditors can replay them:
 * {@code DIR/archive/<first 2 hex>/<sha256>.der} holds the CMS body as-is ({@code openssl cms} opens
 * it directly) and {@code <sha256>.header.json} beside it the clear header. Content-addressed, so
 * storing the same bytes twice is a no-op. Thread-safe: files appear atomically (write, force, rename).
 */
public final class MessageArchive {

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    /** @param nodeDirectory the node's directory; the archive lives in its {@code archive/} */
    public MessageArchive(Path nodeDirectory) {
        this(new Root(nodeDirectory.resolve("archive")));
    }

    private MessageArchive(Root root) {
        this.root = root.path();
    }

    /** Tells the two constructors apart: both would otherwise take a Path. */
    private record Root(Path path) {
    }

    /** An archive whose root (the directory holding the {@code <first 2 hex>/} directories) is given directly. */
    public static MessageArchive at(Path archiveRoot) {
        return new MessageArchive(new Root(archiveRoot));
    }

    public Path root() {
        return root;
    }

    public ArchivedMessage store(MessageHeader header, byte[] protectedBytes) {
        String digest = Sha256.hex(protectedBytes);
        ArchivedMessage m = locate(digest, header);
        try {
            Files.createDirectories(m.body().getParent());
            // Header and body together: one directory force for both (receiving and sending each archive).
            List<Durable.Content> missing = new ArrayList<>(2);
            if (!Files.exists(m.headerFile())) {
                JsonNode json = HeaderCodec.toJson(header);
                missing.add(new Durable.Content(m.headerFile(), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json)));
            }
            if (!Files.exists(m.body())) {
                missing.add(new Durable.Content(m.body(), protectedBytes));
            }
            if (!missing.isEmpty()) {
                Durable.writeAll(missing, false);
            }
        } catch (IOException e) {
            throw new ArchiveStorageException("cannot archive message " + header.messageId() + " in " + m.body()
                    + ": " + e.getMessage(), e);
        }
        return m;
    }

    public Optional<ArchivedMessage> find(String digest) {
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a lower-case SHA-256 hex digest: " + digest);
        }
        ArchivedMessage m = locate(digest, null);
        if (!Files.exists(m.headerFile())) {
            return Optional.empty();
        }
        return Optional.of(locate(digest, readHeader(m.headerFile())));
    }

    /** The stored protected bytes, checked against their digest so a damaged file is never replayed. */
    public byte[] body(ArchivedMessage m) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(m.body());
        } catch (IOException e) {
            throw new ArchiveStorageException("the body of message " + m.header().messageId() + " (" + m.body()
                    + ") cannot be read; it may have been purged: " + e.getMessage(), e);
        }
        if (!Sha256.hex(bytes).equals(m.digest())) {
            throw new ArchiveStorageException("the archived body " + m.body() + " does not match its digest: damaged");
        }
        return bytes;
    }

    /** Every archived message, in digest order. */
    public List<ArchivedMessage> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ArchivedMessage> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".header.json"))
                    .sorted(Comparator.naturalOrder()).toList()) {
                String name = p.getFileName().toString();
                out.add(locate(name.substring(0, name.indexOf('.')), readHeader(p)));
            }
        } catch (IOException e) {
            throw new ArchiveStorageException("cannot list the archive " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Deletes a message's body and header; the audit log keeps its digest and metadata. */
    public void delete(ArchivedMessage m) {
        try {
            Files.deleteIfExists(m.body());
            Files.deleteIfExists(m.headerFile());
            Durable.forceDirectory(m.body().getParent());
        } catch (IOException e) {
            throw new ArchiveStorageException("cannot delete " + m.body() + ": " + e.getMessage(), e);
        }
    }

    private ArchivedMessage locate(String digest, MessageHeader header) {
        Path dir = root.resolve(digest.substring(0, 2));
        return new ArchivedMessage(digest, header, dir.resolve(digest + ".der"), dir.resolve(digest + ".header.json"));
    }

    private static MessageHeader readHeader(Path file) {
        try {
            return HeaderCodec.fromJson(Json.mapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new ArchiveStorageException("cannot read the archived header " + file + ": " + e.getMessage(), e);
        }
    }

}
