package eu.bus.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.exchange.TestMessages;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The messages of one scenario, each carrying its sequence number in its id:
 * {@code RUN-ATTEMPT-4000-8000-SEQUENCE} (the run a random prefix, the attempt a counter when the same
 * number is submitted again after a refusal). The number shows in every file name, audit record and
 * dead letter, so the end count can say exactly which numbers are missing.
 */
final class NumberedMessages {

    private final String run = String.format("%08x", ThreadLocalRandom.current().nextInt());
    private final String sender;
    private final String recipient;

    NumberedMessages(String sender, String recipient) {
        this.sender = sender;
        this.recipient = recipient;
    }

    String sender() {
        return sender;
    }

    String recipient() {
        return recipient;
    }

    UUID id(int sequence, int attempt) {
        return UUID.fromString(run + "-" + String.format("%04x", attempt) + "-4000-8000-" + String.format("%012d", sequence));
    }

    /** The sequence number in an id of this run; empty for any other id. */
    Optional<Integer> sequenceOf(UUID id) {
        String s = id.toString();
        return s.startsWith(run + "-") ? Optional.of(Integer.parseInt(s.substring(24))) : Optional.empty();
    }

    /** A victim referral (no forwarding: one hop and its receipt) from the sender to the recipient, numbered. */
    byte[] message(int sequence, int attempt) {
        ObjectNode doc = TestMessages.fresh("victim-referral-1.json", sender, List.of(recipient));
        ((ObjectNode) doc.get("header")).put("messageId", id(sequence, attempt).toString());
        return TestMessages.bytes(doc);
    }
}
