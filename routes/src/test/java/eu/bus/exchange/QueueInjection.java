package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.Json;

/** Puts bytes straight into a queue as a node would (its own certificate), bypassing its gateway. */
final class QueueInjection {

    private QueueInjection() {
    }

    /**
     * @param inbox a node id (its inbox) or a full address; {@code headerJson} and {@code duplicateId} may be null;
     *              the message id property is taken from the header, as a gateway sets it ({@link WireHeaders#of})
     */
    static void inject(BusNetwork bus, String as, String inbox, String headerJson, byte[] body, String duplicateId) throws Exception {
        JsonNode id = headerJson == null ? null : Json.mapper().readTree(headerJson).path("messageId");
        String messageId = id != null && id.isTextual() ? id.asText() : null;
        try (HostileNode node = new HostileNode(bus, as)) {
            node.send(inbox, s -> HostileNode.busMessage(s, headerJson, messageId, body, duplicateId));
        }
    }
}
