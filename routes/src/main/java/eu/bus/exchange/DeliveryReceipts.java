package eu.bus.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.List;
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
        MessageHeader original = message.header();
        // Derived, not random: a receipt re-sent after a rolled-back attempt has the same id, and the broker drops it.
        // From the copy's digest too: a copy its sender protected again after a key change gets a receipt of its own.
        String digest = Sha256.hex(message.protectedBytes());
        UUID id = deliveredId(receiver, original.messageId(), digest);
        ObjectNode payload = payload(receiver, at, "DELIVERED", digest);
        return receipt(id, receiver, original.sender(), original.caseId(), original.messageId(), at, payload);
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
        ObjectNode digest = payload.putObject("digest");
        digest.put("algorithm", "SHA-256");
        digest.put("value", digestHex);
        return payload;
    }

    private static Receipt receipt(UUID id, String receiver, String to, String caseId, UUID inReplyTo, Instant at, ObjectNode payload) {
        MessageHeader header = new MessageHeader(id, MessageType.DELIVERY_RECEIPT,
                MessageType.DELIVERY_RECEIPT.latestVersion(), receiver, List.of(to), caseId,
                null, inReplyTo, at, null, HandlingCode.H0, Classification.BASIC, null, null);
        try {
            return new Receipt(header, Json.mapper().writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
