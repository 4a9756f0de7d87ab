package eu.bus.policy;

import static eu.bus.policy.PolicyFixtures.header;
import static eu.bus.policy.PolicyFixtures.intelligence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.MessageType;
import eu.bus.message.ProviderRestriction;
import eu.bus.message.RestrictionCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForwardingPolicyTest {

    static final ForwardingPolicy POLICY = new ForwardingPolicy();
    static final ProviderConsent CONSENT = new ProviderConsent(PolicyFixtures.ID, "NL-NMT", Set.of("EUROPOL"),
            Instant.parse("2026-11-28T10:00:00Z"));

    @Test
    void shouldForwardWhenIntelligenceHasNoRestriction() {
        assertTrue(POLICY.decide(intelligence("NL-NMT", List.of("NL-ENU")), Optional.empty()).forward());
    }

    @Test
    void shouldHoldWhenHandlingCodeIsH2WithoutConsent() {
        var h2 = header(MessageType.INTELLIGENCE_REPORT, "NL-NMT", List.of("NL-ENU"), HandlingCode.H2, Classification.RESTRICTED, null);
        ForwardingPolicy.Decision d = POLICY.decide(h2, Optional.empty());
        assertFalse(d.forward());
        assertEquals("handling code H2: no onward dissemination without the provider's consent", d.reason());
        assertTrue(POLICY.decide(h2, Optional.of(CONSENT)).forward());
    }

    @Test
    void shouldHoldWhenProviderForbidsEuropolEvenWithConsent() {
        var h = header(MessageType.INTELLIGENCE_REPORT, "NL-NMT", List.of("NL-ENU"), HandlingCode.H1, Classification.RESTRICTED,
                List.of(new ProviderRestriction(RestrictionCode.NO_FORWARD_TO_EUROPOL, null)));
        assertFalse(POLICY.decide(h, Optional.of(CONSENT)).forward());
    }

    @Test
    void shouldHoldWhenNoOnwardDisseminationIsRestricted() {
        var h = header(MessageType.INTELLIGENCE_REPORT, "NL-NMT", List.of("NL-ENU"), HandlingCode.H1, Classification.RESTRICTED,
                List.of(new ProviderRestriction(RestrictionCode.NO_ONWARD_DISSEMINATION, null)));
        assertFalse(POLICY.decide(h, Optional.empty()).forward());
    }

    @Test
    void shouldHoldWhenTheMessageIsNotIntelligence() {
        var referral = header(MessageType.VICTIM_REFERRAL, "NL-NMT", List.of("BE-NMT"), HandlingCode.H1, Classification.RESTRICTED, null);
        assertFalse(POLICY.decide(referral, Optional.empty()).forward());
    }

    @Test
    void shouldHoldWhenEuropolAlreadyReceivedIt() {
        assertFalse(POLICY.decide(intelligence("NL-ENU", List.of("EUROPOL")), Optional.empty()).forward());
    }
}
