package eu.bus.exchange;

import eu.bus.message.MessageHeader;
import java.util.List;

/**
 * A protected message ready for the broker: the clear header travels as a message property, the
 * CMS bytes as the body, to each destination address.
 */
public record Outgoing(MessageHeader header, byte[] protectedBytes, List<String> destinations) {
}
