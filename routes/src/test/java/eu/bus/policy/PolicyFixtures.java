package eu.bus.policy;

import eu.bus.message.Classification;
import eu.bus.message.Evaluation;
import eu.bus.message.HandlingCode;
import eu.bus.message.InformationAccuracy;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.message.ProviderRestriction;
import eu.bus.message.SourceReliability;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class PolicyFixtures {

    static final UUID ID = UUID.fromString("5f0c3e2a-9b7d-4c1e-8a6f-000000000042");

    private PolicyFixtures() {
    }

    static MessageHeader header(MessageType type, String sender, List<String> recipients, HandlingCode code,
                                Classification classification, List<ProviderRestriction> restrictions) {
        return new MessageHeader(ID, type, "1.0", sender, recipients, "CASE-2026-000123", null, null,
                Instant.parse("2026-11-28T09:30:00Z"), null, code, classification,
                new Evaluation(SourceReliability.B, InformationAccuracy.KNOWN_TO_SOURCE), restrictions);
    }

    static MessageHeader intelligence(String sender, List<String> recipients) {
        return header(MessageType.INTELLIGENCE_REPORT, sender, recipients, HandlingCode.H1, Classification.RESTRICTED, null);
    }
}
