package eu.bus.policy;

import eu.bus.message.HandlingCode;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.message.RestrictionCode;
import java.util.Optional;

/**
 * Whether a national unit forwards what it received to Europol. Intelligence goes to Europol unless
 * the provider said otherwise: handling code H2 (no onward dissemination without consent), or a
 * NO_FORWARD_TO_EUROPOL / NO_ONWARD_DISSEMINATION restriction. A recorded consent of the provider
 * lifts H2 and NO_ONWARD_DISSEMINATION, never an explicit NO_FORWARD_TO_EUROPOL.
 */
public final class ForwardingPolicy {

    public static final String EUROPOL = "EUROPOL";

    /** The outcome: forward, or the reason not to (for the audit record). */
    public record Decision(boolean forward, String reason) {
        static Decision toEuropol() {
            return new Decision(true, "intelligence goes to Europol");
        }

        static Decision hold(String reason) {
            return new Decision(false, reason);
        }
    }

    public Decision decide(MessageHeader received, Optional<ProviderConsent> consent) {
        if (received.messageType() != MessageType.INTELLIGENCE_REPORT) {
            return Decision.hold("only intelligence reports are forwarded to Europol");
        }
        if (received.recipients().contains(EUROPOL)) {
            return Decision.hold("Europol is already a recipient");
        }
        if (received.hasRestriction(RestrictionCode.NO_FORWARD_TO_EUROPOL)) {
            return Decision.hold("the provider restricted it: NO_FORWARD_TO_EUROPOL");
        }
        boolean consented = consent.map(c -> c.covers(received.messageId(), EUROPOL)).orElse(false);
        if (received.handlingCode() == HandlingCode.H2 && !consented) {
            return Decision.hold("handling code H2: no onward dissemination without the provider's consent");
        }
        if (received.hasRestriction(RestrictionCode.NO_ONWARD_DISSEMINATION) && !consented) {
            return Decision.hold("the provider restricted it: NO_ONWARD_DISSEMINATION");
        }
        return Decision.toEuropol();
    }
}
