package eu.bus.witness;

import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeId;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.NodeTrust;
import eu.bus.keys.Pem;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * The logs a bus witness follows: every registered node's audit log, signed with that node's registered signing
 * key, as long as its certificate is valid and not revoked when the witness looks (a revoked node's checkpoints are
 * no longer cosigned).
 */
public final class RegisteredLogKeys implements LogKeys {

    private final NodeTrust trust;
    private final Clock clock;

    public RegisteredLogKeys(NodeTrust trust, Clock clock) {
        this.trust = trust;
        this.clock = clock;
    }

    @Override
    public List<LogKey> keysOf(String origin) {
        String node = CheckpointNote.nodeOf(origin).filter(NodeId::isValid).orElse(null);
        if (node == null) {
            return List.of();
        }
        NodeRegistry registry = trust.registry().current();
        if (registry.find(node).isEmpty()) {
            return List.of();
        }
        try {
            X509Certificate certificate = Pem.readCertificate(registry.certificatePath(node, KeyPurpose.SIGNING));
            trust.verify(node, certificate, KeyPurpose.SIGNING, clock.instant());
            return List.of(new LogKey(origin, certificate.getPublicKey()));
        } catch (RuntimeException e) {
            return List.of(); // revoked, expired or unreadable: nothing of it is cosigned now
        }
    }
}
