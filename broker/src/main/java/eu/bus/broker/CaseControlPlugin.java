package eu.bus.broker;

import eu.bus.keys.NodeRole;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Takes case changes sent to {@link BusAddresses#CASE_CONTROL} to the {@link CaseAuthority}, as the
 * authenticated node, before the broker routes the message (the address has no queue: nothing is
 * stored). A refusal fails the send, so the requesting node learns the reason from its send.
 */
public final class CaseControlPlugin implements ActiveMQServerMessagePlugin {

    private final CaseAuthority authority;
    private final AccessPolicy policy;

    public CaseControlPlugin(CaseAuthority authority, AccessPolicy policy) {
        this.authority = authority;
        this.policy = policy;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        if (!BusAddresses.CASE_CONTROL.equals(message.getAddress())) {
            return;
        }
        String node = session.getValidatedUser();
        // Plugins run before the broker's own send check: ask the policy here so nobody changes a case it may not.
        Optional<String> denied = node == null ? Optional.of("an unauthenticated session")
                : policy.deny(node, NodeRole.ofNodeId(node), CheckType.SEND, BusAddresses.CASE_CONTROL);
        if (denied.isPresent()) {
            throw new ActiveMQSecurityException("no case change from " + node + ": " + denied.get());
        }
        CaseChange change;
        try {
            change = CaseChange.from(name -> {
                Object value = message.getObjectProperty(name);
                return value == null ? null : value.toString();
            });
        } catch (IllegalArgumentException e) {
            throw new CaseChangeRefusal("case-change-invalid", e.getMessage()).toException();
        }
        Optional<CaseChangeRefusal> refusal = authority.apply(node, change);
        if (refusal.isPresent()) {
            throw refusal.get().toException();
        }
    }
}
