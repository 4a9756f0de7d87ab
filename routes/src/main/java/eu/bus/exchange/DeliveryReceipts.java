package eu.bus.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.Sha256;
import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds the signed delivery receipt a node returns to the sender of each message it delivered:
 * a normal bus message (type delivery-receipt) naming the digest of the exact bytes received.
 */
public final class DeliveryReceipts {

    private DeliveryReceipts() {
    }

    public record Receipt(MessageHeader header, byte[] payload) {
    }

    public static Receipt delivered(String receiver, Incoming message, Instant at) {
        return covering(receiver, List.of(message), at);
    }

    /** The first version of the receipt schema that covers several messages. */
    static final String BATCH_VERSION = "1.1";

    /** One receipt covers at most this many messages (delivery-receipt 1.1: inReplyTo plus 99 in alsoCovers). */
    static final int MAX_COVERED = 100;

    /**
     * One signed receipt of delivery for {@code messages}, all from one sender and about one case (or none): the
     * first is its inReplyTo, the others are listed in alsoCovers, each with the digest of the exact bytes
     * received. Its id derives from what it covers, so a receipt sent again for the same messages after a
     * rolled-back attempt has the same id and the broker drops it.
     */
    public static Receipt covering(String receiver, List<Incoming> messages, Instant at) {
        if (messages.isEmpty() || messages.size() > MAX_COVERED) {
            throw new IllegalArgumentException("a receipt covers 1 to " + MAX_COVERED + " messages, not " + messages.size());
        }
        MessageHeader first = messages.get(0).header();
        // From the copy's digest too: a copy its sender protected again after a key change gets a receipt of its own.
        String firstDigest = Sha256.hex(messages.get(0).protectedBytes());
        ObjectNode payload = payload(receiver, at, "DELIVERED", firstDigest);
        // One message: the id it always had (derived from that message and digest alone); more: from all of them.
        UUID id = deliveredId(receiver, first.messageId(), firstDigest);
        if (messages.size() > 1) {
            StringBuilder idSource = new StringBuilder(id.toString());
            ArrayNode alsoCovers = payload.putArray("alsoCovers");
            for (Incoming message : messages.subList(1, messages.size())) {
                MessageHeader original = message.header();
                if (!original.sender().equals(first.sender()) || !Objects.equals(original.caseId(), first.caseId())) {
                    throw new IllegalArgumentException("one receipt covers messages of one sender and one case; "
                            + original.messageId() + " is from " + original.sender() + " about " + original.caseId());
                }
                String digest = Sha256.hex(message.protectedBytes());
                idSource.append(':').append(original.messageId()).append(':').append(digest);
                alsoCovers.addObject().put("messageId", original.messageId().toString()).set("digest", digest(digest));
            }
            id = UUID.nameUUIDFromBytes(("receipt:" + receiver + ":" + idSource).getBytes(StandardCharsets.UTF_8));
        }
        return receipt(id, receiver, first.sender(), first.caseId(), first.messageId(), at, payload);
    }

    /** The messages a receipt of delivery covers: its inReplyTo with its digest, then those of alsoCovers. */
    public static Map<UUID, String> covered(MessageHeader receiptHeader, JsonNode payload) {
        Map<UUID, String> covered = new LinkedHashMap<>();
        covered.put(receiptHeader.inReplyTo(), payload.path("digest").path("value").asText());
        for (JsonNode more : payload.path("alsoCovers")) {
            UUID id = UUID.fromString(more.path("messageId").asText());
            if (covered.putIfAbsent(id, more.path("digest").path("value").asText()) != null) {
                throw new IllegalArgumentException("receipt " + receiptHeader.messageId() + " covers message " + id + " twice");
            }
        }
        return covered;
    }

    /** The id of {@code receiver}'s receipt of delivery for the copy of {@code messageId} whose bytes have {@code digest}. */
    static UUID deliveredId(String receiver, UUID messageId, String digest) {
        return UUID.nameUUIDFromBytes(("receipt:" + receiver + ":" + messageId + ":" + digest).getBytes(StandardCharsets.UTF_8));
    }

    /** The longest refusal reason a negative receipt carries; the rest is in the refusing node's log. */
    static final int MAX_REASON = 2000;

    /**
     * A negative receipt: {@code receiver} refused (dead-lettered) the copy of message {@code messageId} whose
     * bytes have {@code digest}, for {@code rule}. It goes to the node the broker says put the message on the
     * bus, carries the rule and the reason (which never quotes the payload: reception reasons are redacted)
     * and no case id unless the refused header was authenticated. Its id derives from the refused copy, so a
     * retried dead-lettering does not send it twice, and a later copy refused again gets a receipt of its own.
     */
    public static Receipt refused(String receiver, String putBy, UUID messageId, String caseId, String digest, String rule,
                                  String reason, Instant at) {
        UUID id = UUID.nameUUIDFromBytes(("refusal:" + receiver + ":" + messageId + ":" + digest).getBytes(StandardCharsets.UTF_8));
        String text = rule + ": " + reason;
        ObjectNode payload = payload(receiver, at, "REJECTED", digest);
        payload.put("reason", text.length() > MAX_REASON ? text.substring(0, MAX_REASON - 1) + "\u2026" : text);
        return receipt(id, receiver, putBy, caseId, messageId, at, payload);
    }

    private static ObjectNode payload(String receiver, Instant at, String outcome, String digestHex) {
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("receivedBy", receiver);
        payload.put("receivedAt", at.toString());
        payload.put("outcome", outcome);
        payload.set("digest", digest(digestHex));
        return payload;
    }

    private static ObjectNode digest(String digestHex) {
        ObjectNode digest = Json.mapper().createObjectNode();
        digest.put("algorithm", "SHA-256");
        digest.put("value", digestHex);
        return digest;
    }

    private static Receipt receipt(UUID id, String receiver, String to, String caseId, UUID inReplyTo, Instant at, ObjectNode payload) {
        // 1.0 while a receipt covers one message, so a node that knows only 1.0 still reads it.
        String version = payload.has("alsoCovers") ? BATCH_VERSION : "1.0";
        MessageHeader header = new MessageHeader(id, MessageType.DELIVERY_RECEIPT, version, receiver, List.of(to), caseId,
                null, inReplyTo, at, null, HandlingCode.H0, Classification.BASIC, null, null);
        try {
            return new Receipt(header, Json.mapper().writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
