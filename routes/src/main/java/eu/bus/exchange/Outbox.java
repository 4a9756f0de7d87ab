package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.Durable;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's durable outbox ({@code nodes/NODE/state/outbox/ID.json}): what it accepted and must still get
 * to the broker, written and forced before the submitter is given the id, so neither a broker outage nor
 * a crash of the node loses it. An entry names the protected envelope (kept in the archive by its
 * digest), the addresses to send it to, the wire properties and, for a case-lifecycle message, the
 * signed change the broker must confirm first. It also keeps the submitted document, owner-only, so an
 * operator can have the message protected again with new keys ({@code bus dlq resubmit}); the entry is
 * removed once every recipient has receipted the message, or an operator discards it.
 * <p>
 * Whether an entry still has to be sent is not stored here but read from the status store (a recipient
 * still SUBMITTED or RESUBMITTED), so sending a message costs no second write of its entry.
 */
public final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final String SUFFIX = ".json";

    /**
     * One accepted message: its id, the digest of its latest envelope in the archive, the keys each recipient's
     * copy was protected with (a key replaced since means protecting it again), where the latest envelope goes,
     * the wire properties, the case change (its properties; empty for other messages), when it was accepted,
     * until when it may still be sent, and the document as submitted.
     */
    public record Entry(UUID messageId, String envelopeDigest, Map<String, CopyKeys> keys, List<StatusStore.Sent> copies,
                        Map<String, String> wire, Map<String, String> caseChange, Instant acceptedAt, Instant sendBefore,
                        byte[] document) {

        public Entry {
            keys = Map.copyOf(keys);
            copies = List.copyOf(copies);
            wire = Map.copyOf(wire);
            caseChange = Map.copyOf(caseChange);
        }

        /** The addresses the envelope goes to: each recipient's inbox, or the case topic once. */
        List<String> destinations() {
            return copies.stream().map(StatusStore.Sent::destination).distinct().toList();
        }

        List<String> recipients() {
            return copies.stream().map(StatusStore.Sent::recipient).toList();
        }

        /** The keys of the latest copy protected for a recipient (none known: counted as replaced). */
        CopyKeys keysOf(String recipient) {
            return keys.getOrDefault(recipient, new CopyKeys(CopyKeys.UNKNOWN, CopyKeys.UNKNOWN));
        }

        /**
         * The same message protected again for some recipients: their new envelope, keys and wire properties, no
         * case change; the other recipients' keys are kept (their copies stay as they were sent).
         */
        Entry reprotected(String envelope, Map<String, CopyKeys> protectedWith, List<StatusStore.Sent> to,
                          Map<String, String> properties, Map<String, String> change) {
            Map<String, CopyKeys> merged = new LinkedHashMap<>(keys);
            merged.putAll(protectedWith);
            return new Entry(messageId, envelope, merged, to, properties, change, acceptedAt, sendBefore, document);
        }
    }

    private final Path dir;

    Outbox(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox " + dir, e);
        }
    }

    /** Writes the entry and forces it to disk; replaces an earlier entry of the same message. */
    void put(Entry entry) {
        try {
            Durable.writeAll(List.of(new Durable.Content(file(entry.messageId()), encode(entry))), true,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write message " + entry.messageId() + " to the outbox " + dir
                    + ": " + e.getMessage() + "; nothing was sent, the submission can be retried once the disk has room", e);
        }
    }

    public Optional<Entry> get(UUID messageId) {
        Path file = file(messageId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return read(file);
    }

    /** Every readable entry, oldest first; a damaged one is logged and left in place for the operator. */
    public List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).forEach(f -> read(f).ifPresent(entries::add));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the outbox " + dir, e);
        }
        entries.sort(java.util.Comparator.comparing(Entry::acceptedAt));
        return entries;
    }

    public void remove(UUID messageId) {
        removeAll(List.of(messageId));
    }

    /** Removes the entries of these messages, with one force of the directory for all. */
    public void removeAll(java.util.Collection<UUID> messageIds) {
        boolean removed = false;
        for (UUID messageId : messageIds) {
            try {
                removed |= Files.deleteIfExists(file(messageId));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove message " + messageId + " from the outbox " + dir, e);
            }
        }
        if (removed) {
            try {
                Durable.forceDirectory(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + messageIds.size() + " message(s) from the outbox " + dir, e);
            }
        }
    }

    private Path file(UUID messageId) {
        return dir.resolve(messageId + SUFFIX);
    }

    private static byte[] encode(Entry e) throws IOException {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("messageId", e.messageId().toString());
        json.put("envelope", e.envelopeDigest());
        ObjectNode keys = json.putObject("keys");
        new java.util.TreeMap<>(e.keys()).forEach((recipient, k) ->
                keys.putObject(recipient).put("signedWith", k.signedWith()).put("encryptedFor", k.encryptedFor()));
        var copies = json.putArray("copies");
        e.copies().forEach(c -> copies.addObject().put("recipient", c.recipient()).put("destination", c.destination()));
        ObjectNode wire = json.putObject("wire");
        new java.util.TreeMap<>(e.wire()).forEach(wire::put);
        if (!e.caseChange().isEmpty()) {
            ObjectNode change = json.putObject("caseChange");
            new java.util.TreeMap<>(e.caseChange()).forEach(change::put);
        }
        json.put("acceptedAt", e.acceptedAt().toString());
        json.put("sendBefore", e.sendBefore().toString());
        json.put("document", Base64.getEncoder().encodeToString(e.document()));
        return Json.mapper().writeValueAsBytes(json);
    }

    private static Optional<Entry> read(Path file) {
        try {
            JsonNode n = Json.mapper().readTree(Files.readAllBytes(file));
            String envelope = n.path("envelope").asText();
            List<StatusStore.Sent> copies = new ArrayList<>();
            n.path("copies").forEach(c -> copies.add(new StatusStore.Sent(c.path("recipient").asText(), envelope,
                    c.path("destination").asText())));
            return Optional.of(new Entry(UUID.fromString(n.path("messageId").asText()), envelope, keys(n, copies), copies,
                    strings(n.path("wire")), strings(n.path("caseChange")), Instant.parse(n.path("acceptedAt").asText()),
                    Instant.parse(n.path("sendBefore").asText()), Base64.getDecoder().decode(n.path("document").asText())));
        } catch (java.nio.file.NoSuchFileException receipted) {
            return Optional.empty(); // removed since it was listed: every recipient receipted it meanwhile
        } catch (IOException | RuntimeException e) {
            LOG.warn("outbox entry {} is damaged and skipped (it stays for the operator): {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Each copy's keys; an entry written before they were kept names one signer for all and no recipient keys. */
    private static Map<String, CopyKeys> keys(JsonNode entry, List<StatusStore.Sent> copies) {
        Map<String, CopyKeys> keys = new LinkedHashMap<>();
        entry.path("keys").fields().forEachRemaining(k -> keys.put(k.getKey(),
                new CopyKeys(k.getValue().path("signedWith").asText(), k.getValue().path("encryptedFor").asText())));
        if (keys.isEmpty() && entry.has("signedWith")) {
            copies.forEach(c -> keys.put(c.recipient(), new CopyKeys(entry.path("signedWith").asText(), CopyKeys.UNKNOWN)));
        }
        return keys;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        return out;
    }
}
