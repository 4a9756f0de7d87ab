package eu.bus.exchange;

import eu.bus.broker.CaseChange;
import eu.bus.message.MessageHeader;
import java.util.List;

/**
 * A protected message ready for the broker: the clear header travels as a message property, the
 * CMS bytes as the body, to each destination address. A case-lifecycle message also carries the
 * change of participants the broker must confirm before the copies go out (null otherwise).
 */
public record Outgoing(MessageHeader header, byte[] protectedBytes, List<String> destinations, CaseChange caseChange) {
}
