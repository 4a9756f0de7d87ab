package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.envelope.EnvelopeException;
import eu.bus.envelope.MessageOpener;
import eu.bus.envelope.OpenedMessage;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.policy.ForwardingPolicy;
import eu.bus.policy.PolicyViolation;
import eu.bus.validation.MessageValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Forwarding with provable provenance: the forwarder wraps the original sender's SignedData (as it
 * decrypted it, still signed, header bound) in a forwarded-message, which it signs and encrypts for
 * the new recipient like any message. The new recipient verifies both signatures, so it can prove
 * who originally said what without trusting the forwarder.
 */
public final class Forwards {

    private final ForwardingPolicy policy = new ForwardingPolicy();

    /** Whether {@code node} should forward this to Europol, per the provider's codes and restrictions. */
    public ForwardingPolicy.Decision decide(Incoming received, String node) {
        return policy.decide(received.header(), node, Optional.empty());
    }

    /** The forwarded-message document for Europol, ready for submission by {@code node}. */
    public byte[] toEuropol(Incoming received, String node, Instant now, String reason) {
        MessageHeader original = received.header();
        // Derived from the original, so a forward repeated after a rolled-back attempt is dropped by the broker.
        UUID id = UUID.nameUUIDFromBytes(("forward:" + node + ":" + original.messageId()).getBytes(StandardCharsets.UTF_8));
        MessageHeader header = new MessageHeader(id, MessageType.FORWARDED_MESSAGE,
                MessageType.FORWARDED_MESSAGE.latestVersion(), node, List.of(ForwardingPolicy.EUROPOL), original.caseId(),
                null, original.messageId(), now, original.expiresAt(), original.handlingCode(), original.classification(),
                original.evaluation(), original.providerRestrictions());
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.set("header", HeaderCodec.toJson(header));
        ObjectNode payload = doc.putObject("payload");
        payload.set("originalHeader", HeaderCodec.toJson(original));
        payload.put("signedData", Base64.getEncoder().encodeToString(received.opened().signedData()));
        payload.put("reason", reason);
        try {
            return Json.mapper().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * At submission: a forwarded-message must respect the original's handling code and restrictions,
     * and protect it at least as much.
     */
    public void checkSubmission(MessageHeader header, JsonNode payload) {
        if (header.messageType() == MessageType.FORWARDED_MESSAGE) {
            MessageHeader original = HeaderCodec.fromJson(payload.get("originalHeader"));
            policy.checkForward(header, original, Optional.empty());
        }
    }

    /**
     * At arrival: verifies the original inside a forwarded-message (signature, certificate, header
     * binding, pinned schema) and the forwarding rules; null for any other type.
     */
    public Forwarded verifyArrival(MessageHeader header, JsonNode payload, MessageOpener opener, MessageValidator validator) {
        if (header.messageType() != MessageType.FORWARDED_MESSAGE) {
            return null;
        }
        MessageHeader original = HeaderCodec.fromJson(payload.get("originalHeader"));
        OpenedMessage inner;
        try {
            inner = opener.verifyForwarded(original, Base64.getDecoder().decode(payload.get("signedData").asText()));
        } catch (EnvelopeException | IllegalArgumentException e) {
            throw new ReceptionRejectedException("unverifiable", "the original inside forwarded message " + header.messageId()
                    + " does not verify: " + e.getMessage(), e);
        }
        JsonNode originalPayload = ReceptionService.validPayload(validator, original, inner.payload(),
                "the original inside " + header.messageId());
        try {
            policy.checkForward(header, original, Optional.empty());
        } catch (PolicyViolation v) {
            throw new ReceptionRejectedException("policy", "policy " + v.rule() + ": " + v.getMessage(), v);
        }
        return new Forwarded(original, originalPayload, inner.signer());
    }
}
