package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.broker.CaseDecision;
import eu.bus.envelope.OpenedMessage;
import eu.bus.message.MessageHeader;

/**
 * A message that passed every check at the receiving node.
 *
 * @param forwarded    for a forwarded-message, the verified original inside it; otherwise null
 * @param caseDecision for a case lifecycle message, the broker's decision it carried; otherwise null
 * @param resent       a new protection, by its sender, of a message this node processed already (resent after a key
 *                     change): answered with a receipt, never delivered again
 */
public record Incoming(MessageHeader header, OpenedMessage opened, JsonNode payload, byte[] protectedBytes,
                       Forwarded forwarded, CaseDecision caseDecision, boolean resent) {
}
