package eu.bus.policy;

import eu.bus.broker.CaseRules;
import eu.bus.keys.NodeId;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.NodeRole;
import eu.bus.message.Classification;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The rules a message must satisfy before the bus protects and sends it, checked at the sender's
 * gateway (and again by receivers): the submitter is the sender, every recipient is a known node
 * the sender's role may address, the classification is within the sender's clearance, and only
 * units and agencies run cases.
 *
 * <p>Channels, after the SIENA model: a national team talks to its own national unit and to other
 * national teams (referral, assistance); national units talk to each other, to their own teams and to
 * the agencies; agencies talk to units and to each other; auditors only read.
 */
public final class SubmissionPolicy {

    private static final Set<MessageType> CASE_RUNNING = EnumSet.of(
            MessageType.CASE_OPEN, MessageType.CASE_UPDATE, MessageType.CASE_CLOSE, MessageType.JIT_INVITATION);

    private final NodeRegistry registry;
    private final CaseRules caseRules;

    public SubmissionPolicy(NodeRegistry registry) {
        this.registry = registry;
        this.caseRules = new CaseRules(id -> registry.find(id).isPresent());
    }

    /** The rules of case participation, the same the broker decides by. */
    public CaseRules caseRules() {
        return caseRules;
    }

    /** Throws {@link PolicyViolation} naming the first rule the message breaks. */
    public void check(String submitter, MessageHeader header) {
        if (!header.sender().equals(submitter)) {
            throw new PolicyViolation("sender-is-submitter", "the header names " + header.sender()
                    + " as sender but the message was submitted by " + submitter + "; a node sends only in its own name");
        }
        if (registry.find(submitter).isEmpty()) {
            throw new PolicyViolation("known-sender", submitter + " is not a node of the registry; enrol it with 'bus keys add "
                    + submitter + "' or check the node id");
        }
        NodeRole role = NodeRole.ofNodeId(submitter);
        if (role == NodeRole.AUDITOR) {
            throw new PolicyViolation("auditors-read-only", "auditors read and verify logs; they do not send messages");
        }
        if (header.classification().isAbove(clearance(role))) {
            throw new PolicyViolation("clearance", "a " + role + " node may send up to " + clearance(role)
                    + ", not " + header.classification() + "; send it through your national unit");
        }
        if (CASE_RUNNING.contains(header.messageType())) {
            CaseRules.requireRunsCases(submitter);
        }
        for (String recipient : header.recipients()) {
            checkRecipient(submitter, role, recipient);
        }
    }

    private void checkRecipient(String sender, NodeRole role, String recipient) {
        if (recipient.equals(sender)) {
            throw new PolicyViolation("recipient-not-self", sender + " lists itself as a recipient");
        }
        if (registry.find(recipient).isEmpty()) {
            throw new PolicyViolation("known-recipient", "unknown recipient " + recipient
                    + ": it is not a node of the registry (see 'bus keys list')");
        }
        NodeRole to = NodeRole.ofNodeId(recipient);
        boolean sameCountry = Objects.equals(NodeId.countryOf(sender), NodeId.countryOf(recipient));
        boolean allowed = switch (role) {
            case NMT -> to == NodeRole.NMT || (to == NodeRole.ENU && sameCountry);
            case ENU -> to == NodeRole.ENU || to == NodeRole.AGENCY || (to == NodeRole.NMT && sameCountry);
            case AGENCY -> to == NodeRole.ENU || to == NodeRole.AGENCY;
            case AUDITOR -> false;
        };
        if (!allowed) {
            throw new PolicyViolation("channel", "a " + role + " node may not address " + recipient + " (" + to + ")"
                    + (role == NodeRole.NMT ? "; national teams reach other states and agencies through their national unit" : ""));
        }
    }

    /** Highest classification a role may originate. */
    public static Classification clearance(NodeRole role) {
        return role == NodeRole.NMT ? Classification.RESTRICTED : Classification.CONFIDENTIAL;
    }
}
