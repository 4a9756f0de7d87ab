package eu.bus.policy;

import static eu.bus.policy.PolicyFixtures.header;
import static eu.bus.policy.PolicyFixtures.intelligence;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.NodeRegistry;
import eu.bus.keys.NodeId;
import eu.bus.keys.NodeRole;
import eu.bus.keys.RegisteredNode;
import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.MessageType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionPolicyTest {

    static final Path PKI = Path.of("pki");
    /** The policy reads ids and roles only; the certificates (and so their fingerprints) do not matter here. */
    static final String ANY_FINGERPRINT = String.join(":", java.util.Collections.nCopies(32, "00"));
    static final SubmissionPolicy POLICY = new SubmissionPolicy(NodeRegistry.of(PKI,
            List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST", "AUDITOR").stream()
                    .map(n -> new RegisteredNode(n, NodeRole.ofNodeId(n), NodeId.countryOf(n),
                            "nodes/" + n + "/signing.pem", ANY_FINGERPRINT, "nodes/" + n + "/encryption.pem", ANY_FINGERPRINT))
                    .toList()));

    private static PolicyViolation violation(String submitter, eu.bus.message.MessageHeader h) {
        return assertThrows(PolicyViolation.class, () -> POLICY.check(submitter, h));
    }

    @Test
    void shouldAcceptWhenATeamSendsToItsOwnUnit() {
        assertDoesNotThrow(() -> POLICY.check("NL-NMT", intelligence("NL-NMT", List.of("NL-ENU"))));
    }

    @Test
    void shouldAcceptWhenATeamRefersAVictimToAnotherStatesTeam() {
        assertDoesNotThrow(() -> POLICY.check("NL-NMT", header(MessageType.VICTIM_REFERRAL, "NL-NMT", List.of("BE-NMT"),
                HandlingCode.H2, Classification.RESTRICTED, null)));
    }

    @Test
    void shouldRefuseWhenTheSubmitterIsNotTheSender() {
        assertEquals("sender-is-submitter", violation("BE-NMT", intelligence("NL-NMT", List.of("NL-ENU"))).rule());
    }

    @Test
    void shouldRefuseWhenARecipientIsUnknown() {
        PolicyViolation v = violation("NL-ENU", intelligence("NL-ENU", List.of("FR-ENU")));
        assertEquals("known-recipient", v.rule());
        assertTrue(v.getMessage().startsWith("unknown recipient FR-ENU"), v.getMessage());
    }

    @Test
    void shouldRefuseWhenATeamAddressesEuropolDirectly() {
        assertEquals("channel", violation("NL-NMT", intelligence("NL-NMT", List.of("EUROPOL"))).rule());
    }

    @Test
    void shouldRefuseWhenATeamAddressesAForeignUnit() {
        assertEquals("channel", violation("NL-NMT", intelligence("NL-NMT", List.of("BE-ENU"))).rule());
    }

    @Test
    void shouldRefuseWhenATeamSendsConfidential() {
        assertEquals("clearance", violation("NL-NMT", header(MessageType.INTELLIGENCE_REPORT, "NL-NMT", List.of("NL-ENU"),
                HandlingCode.H1, Classification.CONFIDENTIAL, null)).rule());
    }

    @Test
    void shouldRefuseWhenATeamOpensACase() {
        assertEquals("case-running", violation("NL-NMT", header(MessageType.CASE_OPEN, "NL-NMT", List.of("NL-ENU"),
                HandlingCode.H1, Classification.RESTRICTED, null)).rule());
    }

    @Test
    void shouldRefuseWhenAnAuditorSends() {
        assertEquals("auditors-read-only", violation("AUDITOR", intelligence("AUDITOR", List.of("NL-ENU"))).rule());
    }

    @Test
    void shouldAcceptWhenAUnitOpensACaseWithAgencies() {
        assertDoesNotThrow(() -> POLICY.check("NL-ENU", header(MessageType.CASE_OPEN, "NL-ENU",
                List.of("BE-ENU", "EUROJUST", "EUROPOL"), HandlingCode.H1, Classification.CONFIDENTIAL, null)));
    }
}
