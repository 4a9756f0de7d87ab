package eu.bus.policy;

import eu.bus.keys.NodeId;
import eu.bus.keys.NodeRole;
import eu.bus.message.HandlingCode;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.message.RestrictionCode;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Onward dissemination. A national unit forwards intelligence from its own national teams to Europol
 * unless the provider said otherwise; and nobody forwards anything against the provider's handling
 * code or restrictions: H2 and NO_ONWARD_DISSEMINATION need the provider's recorded consent,
 * NO_FORWARD_TO_EUROPOL is absolute. Checked where a forward is submitted and again where it arrives.
 */
public final class ForwardingPolicy {

    public static final String EUROPOL = "EUROPOL";

    /** Whether to forward, and why (or why not), for the audit record. */
    public record Decision(boolean forward, boolean restricted, String reason) {
        static Decision toEuropol() {
            return new Decision(true, false, "intelligence goes to Europol");
        }

        static Decision notApplicable(String reason) {
            return new Decision(false, false, reason);
        }

        static Decision held(String reason) {
            return new Decision(false, true, reason);
        }
    }

    /** Whether {@code receiver} should forward what it just received to Europol. */
    public Decision decide(MessageHeader received, String receiver, Optional<ProviderConsent> consent) {
        if (received.messageType() != MessageType.INTELLIGENCE_REPORT) {
            return Decision.notApplicable("only intelligence reports are forwarded to Europol");
        }
        if (NodeRole.ofNodeId(receiver) != NodeRole.ENU || NodeRole.ofNodeId(received.sender()) != NodeRole.NMT
                || !Objects.equals(NodeId.countryOf(receiver), NodeId.countryOf(received.sender()))) {
            return Decision.notApplicable("a national unit forwards what its own national teams report");
        }
        if (received.recipients().contains(EUROPOL)) {
            return Decision.notApplicable("Europol is already a recipient");
        }
        Optional<String> forbidden = forbids(received, java.util.List.of(EUROPOL), consent);
        return forbidden.map(Decision::held).orElseGet(Decision::toEuropol);
    }

    /**
     * Throws {@link PolicyViolation} unless the forwarded-message {@code wrapper} may carry {@code original}:
     * its sender may pass the original on to its recipients ({@link #check}), and the wrapper protects the
     * original at least as much (classification, handling code, every provider restriction), since the
     * new recipient handles the information according to the wrapper's header.
     */
    public void checkForward(MessageHeader wrapper, MessageHeader original, Optional<ProviderConsent> consent) {
        MessageType type = original.messageType();
        if (type == MessageType.FORWARDED_MESSAGE || type == MessageType.DELIVERY_RECEIPT || type.isCaseLifecycle()) {
            // A forward inside a forward would carry a signature nobody checks; receipts and case changes have
            // their own paths and mean nothing out of them.
            throw new PolicyViolation("forward-type", "forwarded message " + wrapper.messageId() + " carries a "
                    + type.wireName() + "; only the original information is forwarded (not a forward, a receipt or a case change)");
        }
        check(original, wrapper.sender(), wrapper.recipients(), consent);
        String weaker = null;
        if (!wrapper.classification().isAtLeast(original.classification())) {
            weaker = "classification " + wrapper.classification() + " is lower than the original's " + original.classification();
        } else if (!wrapper.handlingCode().isAtLeastAsRestrictiveAs(original.handlingCode())) {
            weaker = "handling code " + wrapper.handlingCode() + " is weaker than the original's " + original.handlingCode();
        } else if (original.providerRestrictions() != null) {
            weaker = original.providerRestrictions().stream().filter(r -> !wrapper.hasRestriction(r.code()))
                    .map(r -> "the original's provider restriction " + r.code() + " is missing").findFirst().orElse(null);
        }
        if (weaker != null) {
            throw new PolicyViolation("forward-weaker-than-original", "forwarded message " + wrapper.messageId() + " carries "
                    + original.messageId() + " with less protection: " + weaker + "; a forward keeps at least the original's "
                    + "classification, handling code and restrictions");
        }
    }

    /** Throws {@link PolicyViolation} unless {@code forwarder} may pass {@code original} on to {@code to}. */
    public void check(MessageHeader original, String forwarder, Collection<String> to, Optional<ProviderConsent> consent) {
        if (!original.isAddressedTo(forwarder)) {
            throw new PolicyViolation("forwarder-was-recipient", forwarder + " forwards message " + original.messageId()
                    + " that was not addressed to it");
        }
        forbids(original, to, consent).ifPresent(reason -> {
            throw new PolicyViolation("onward-dissemination", "message " + original.messageId() + " may not be forwarded to "
                    + String.join(", ", to) + ": " + reason);
        });
    }

    private static Optional<String> forbids(MessageHeader original, Collection<String> to, Optional<ProviderConsent> consent) {
        if (to.contains(EUROPOL) && original.hasRestriction(RestrictionCode.NO_FORWARD_TO_EUROPOL)) {
            return Optional.of("the provider restricted it: NO_FORWARD_TO_EUROPOL");
        }
        boolean consented = consent.isPresent() && to.stream().allMatch(n -> consent.get().covers(original.messageId(), n));
        if (original.handlingCode() == HandlingCode.H2 && !consented) {
            return Optional.of("handling code H2: no onward dissemination without the provider's consent");
        }
        if (original.hasRestriction(RestrictionCode.NO_ONWARD_DISSEMINATION) && !consented) {
            return Optional.of("the provider restricted it: NO_ONWARD_DISSEMINATION");
        }
        return Optional.empty();
    }
}
