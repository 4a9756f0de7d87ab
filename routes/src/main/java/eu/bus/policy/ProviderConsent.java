package eu.bus.policy;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A provider's recorded consent to disseminate one message further, to the named nodes. Consent is
 * itself evidence: it is kept with the audit trail of the forwarding it allowed.
 */
public record ProviderConsent(UUID messageId, String grantedBy, Set<String> to, Instant grantedAt) {

    public boolean covers(UUID message, String node) {
        return messageId.equals(message) && to.contains(node);
    }
}
