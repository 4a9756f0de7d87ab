package eu.bus.policy;

import static eu.bus.policy.PolicyFixtures.header;
import static eu.bus.policy.PolicyFixtures.intelligence;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    static eu.bus.message.MessageHeader restricted(HandlingCode code, RestrictionCode restriction) {
        return header(MessageType.INTELLIGENCE_REPORT, "NL-NMT", List.of("NL-ENU"), code, Classification.RESTRICTED,
                restriction == null ? null : List.of(new ProviderRestriction(restriction, null)));
    }

    @Test
    void shouldForwardWhenAUnitReceivesUnrestrictedIntelligenceFromItsOwnTeam() {
        assertTrue(POLICY.decide(intelligence("NL-NMT", List.of("NL-ENU")), "NL-ENU", Optional.empty()).forward());
    }

    @Test
    void shouldHoldWhenHandlingCodeIsH2WithoutConsent() {
        var h2 = restricted(HandlingCode.H2, null);
        ForwardingPolicy.Decision d = POLICY.decide(h2, "NL-ENU", Optional.empty());
        assertFalse(d.forward());
        assertTrue(d.restricted());
        assertEquals("handling code H2: no onward dissemination without the provider's consent", d.reason());
        assertTrue(POLICY.decide(h2, "NL-ENU", Optional.of(CONSENT)).forward());
    }

    @Test
    void shouldHoldWhenProviderForbidsEuropolEvenWithConsent() {
        assertFalse(POLICY.decide(restricted(HandlingCode.H1, RestrictionCode.NO_FORWARD_TO_EUROPOL), "NL-ENU", Optional.of(CONSENT)).forward());
    }

    @Test
    void shouldHoldWhenNoOnwardDisseminationIsRestricted() {
        assertFalse(POLICY.decide(restricted(HandlingCode.H1, RestrictionCode.NO_ONWARD_DISSEMINATION), "NL-ENU", Optional.empty()).forward());
    }

    @Test
    void shouldNotForwardWhenTheMessageIsNotIntelligence() {
        var referral = header(MessageType.VICTIM_REFERRAL, "NL-NMT", List.of("NL-ENU"), HandlingCode.H1, Classification.RESTRICTED, null);
        ForwardingPolicy.Decision d = POLICY.decide(referral, "NL-ENU", Optional.empty());
        assertFalse(d.forward());
        assertFalse(d.restricted());
    }

    @Test
    void shouldNotForwardWhenTheSenderIsAnotherStatesUnit() {
        assertFalse(POLICY.decide(intelligence("BE-ENU", List.of("NL-ENU")), "NL-ENU", Optional.empty()).forward());
    }

    @Test
    void shouldNotForwardWhenEuropolAlreadyReceivedIt() {
        assertFalse(POLICY.decide(intelligence("NL-NMT", List.of("NL-ENU", "EUROPOL")), "NL-ENU", Optional.empty()).forward());
    }

    @Test
    void shouldRefuseAForwardOfAnH2MessageWhenChecked() {
        PolicyViolation v = assertThrows(PolicyViolation.class,
                () -> POLICY.check(restricted(HandlingCode.H2, null), "NL-ENU", List.of("EUROPOL"), Optional.empty()));
        assertEquals("onward-dissemination", v.rule());
        assertDoesNotThrow(() -> POLICY.check(restricted(HandlingCode.H1, null), "NL-ENU", List.of("EUROPOL"), Optional.empty()));
    }

    @Test
    void shouldRefuseAForwardByANodeThatWasNotARecipient() {
        assertEquals("forwarder-was-recipient", assertThrows(PolicyViolation.class,
                () -> POLICY.check(restricted(HandlingCode.H1, null), "BE-ENU", List.of("EUROPOL"), Optional.empty())).rule());
    }

    static eu.bus.message.MessageHeader wrapper(HandlingCode code, Classification classification) {
        return header(MessageType.FORWARDED_MESSAGE, "NL-ENU", List.of("EUROPOL"), code, classification, null);
    }

    @Test
    void shouldRefuseAForwardWhenTheWrapperIsClassifiedBelowTheOriginal() {
        var original = header(MessageType.INTELLIGENCE_REPORT, "NL-NMT", List.of("NL-ENU"), HandlingCode.H1,
                Classification.CONFIDENTIAL, null);
        PolicyViolation v = assertThrows(PolicyViolation.class,
                () -> POLICY.checkForward(wrapper(HandlingCode.H1, Classification.RESTRICTED), original, Optional.empty()));
        assertEquals("forward-weaker-than-original", v.rule());
        assertTrue(v.getMessage().contains("classification RESTRICTED is lower than the original's CONFIDENTIAL"), v.getMessage());
        assertDoesNotThrow(() -> POLICY.checkForward(wrapper(HandlingCode.H1, Classification.CONFIDENTIAL), original, Optional.empty()));
    }

    @Test
    void shouldRefuseAForwardWhenTheWrapperHasAWeakerHandlingCodeThanTheOriginal() {
        var h1 = restricted(HandlingCode.H1, null);
        PolicyViolation v = assertThrows(PolicyViolation.class,
                () -> POLICY.checkForward(wrapper(HandlingCode.H0, Classification.RESTRICTED), h1, Optional.empty()));
        assertEquals("forward-weaker-than-original", v.rule());
        assertTrue(v.getMessage().contains("handling code H0 is weaker than the original's H1"), v.getMessage());
        assertDoesNotThrow(() -> POLICY.checkForward(wrapper(HandlingCode.H2, Classification.RESTRICTED), h1, Optional.empty()));
        // H3's conditions are its stated restrictions: nothing else stands in for them.
        var h3 = restricted(HandlingCode.H3, RestrictionCode.NO_COURT_USE);
        assertThrows(PolicyViolation.class,
                () -> POLICY.checkForward(wrapper(HandlingCode.H2, Classification.RESTRICTED), h3, Optional.empty()));
    }

    @Test
    void shouldRefuseAForwardOfAForwardAReceiptOrACaseChange() {
        for (MessageType type : List.of(MessageType.FORWARDED_MESSAGE, MessageType.DELIVERY_RECEIPT, MessageType.CASE_OPEN,
                MessageType.CASE_CLOSE)) {
            var original = header(type, "BE-ENU", List.of("NL-ENU"), HandlingCode.H1, Classification.RESTRICTED, null);
            assertEquals("forward-type", assertThrows(PolicyViolation.class, () -> POLICY.checkForward(
                    wrapper(HandlingCode.H1, Classification.RESTRICTED), original, Optional.empty())).rule(), type.wireName());
        }
    }
}
