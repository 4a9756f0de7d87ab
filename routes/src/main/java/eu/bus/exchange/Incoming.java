package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.envelope.OpenedMessage;
import eu.bus.message.MessageHeader;

/** A message that passed every check at the receiving node. */
public record Incoming(MessageHeader header, OpenedMessage opened, JsonNode payload, byte[] protectedBytes) {
}
