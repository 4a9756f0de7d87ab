package eu.bus.broker;

import eu.bus.audit.Sha256;
import eu.bus.keys.NodeCredentials;
import eu.bus.message.HeaderCodec;
import eu.bus.message.MessageHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/** Case changes signed as a node's gateway signs them, for tests that talk to the broker's case control directly. */
public final class SignedCaseChanges {

    private SignedCaseChanges() {
    }

    /** A change for a lifecycle message that has no real header (its digest stands in for one). */
    public static CaseChange signed(Path pki, String node, String caseId, CaseChange.Kind kind, Set<String> participants,
                                    Set<String> before, String messageId) {
        return signed(pki, node, new CaseChange(caseId, kind, participants, before, messageId,
                Sha256.hex(("no header " + messageId).getBytes(StandardCharsets.UTF_8))));
    }

    /** A change bound to the lifecycle message with this clear header. */
    public static CaseChange signed(Path pki, String node, CaseChange.Kind kind, Set<String> participants, Set<String> before,
                                    MessageHeader header) {
        return signed(pki, node, new CaseChange(header.caseId(), kind, participants, before, header.messageId().toString(),
                Sha256.hex(HeaderCodec.canonicalBytes(header))));
    }

    public static CaseChange signed(Path pki, String node, CaseChange unsigned) {
        return unsigned.signedWith(NodeCredentials.load(pki, node).signingKey());
    }
}
