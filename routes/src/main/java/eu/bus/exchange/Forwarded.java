package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.MessageHeader;

/** The original message inside a forwarded-message, verified: its header, payload and original signer. */
public record Forwarded(MessageHeader header, JsonNode payload, String signer) {
}
