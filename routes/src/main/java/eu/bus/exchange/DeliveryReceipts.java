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
        UUID id = UUID.nameUUIDFromBytes(("receipt:" + receiver + ":" + original.messageId()).getBytes(StandardCharsets.UTF_8));
        MessageHeader header = new MessageHeader(id, MessageType.DELIVERY_RECEIPT,
                MessageType.DELIVERY_RECEIPT.latestVersion(), receiver, List.of(original.sender()), original.caseId(),
                null, original.messageId(), at, null, HandlingCode.H0, Classification.BASIC, null, null);
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("receivedBy", receiver);
        payload.put("receivedAt", at.toString());
        payload.put("outcome", "DELIVERED");
        ObjectNode digest = payload.putObject("digest");
        digest.put("algorithm", "SHA-256");
        digest.put("value", Sha256.hex(message.protectedBytes()));
        try {
            return new Receipt(header, Json.mapper().writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
