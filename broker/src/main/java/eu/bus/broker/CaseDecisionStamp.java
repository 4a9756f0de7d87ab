package eu.bus.broker;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.audit.Sha256;
import eu.bus.message.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Binds case lifecycle messages to the broker's decisions: a case-open, -update or -close goes to an
 * inbox only when the broker decided a change for exactly that message (same id, same sender, same
 * SHA-256 of the clear header the sender signed), and every copy is stamped with the decision
 * ({@link CaseDecision}) for its receivers to check. No node may set the stamp itself. A lifecycle
 * message that slips past this check (a header written to evade it) carries no stamp, and receivers
 * refuse it.
 * <p>
 * A lifecycle message that another site's link hands over was decided and stamped by its sender's broker; it keeps
 * that stamp, and this broker takes the decision into its own record of the case ({@link LinkedCaseDecisions}).
 */
public final class CaseDecisionStamp implements ActiveMQServerMessagePlugin {

    private static final SimpleString STAMP = SimpleString.of(CaseDecision.PROPERTY);
    private static final SimpleString HEADER = SimpleString.of(WireProperties.HEADER);
    private static final Map<String, CaseChange.Kind> LIFECYCLE = Map.of(
            "case-open", CaseChange.Kind.OPEN, "case-update", CaseChange.Kind.UPDATE, "case-close", CaseChange.Kind.CLOSE);

    private final CaseParticipants cases;
    private final LinkedCaseDecisions linked;

    /** @param linked takes the decisions of other sites' brokers on what their links hand over */
    public CaseDecisionStamp(CaseParticipants cases, LinkedCaseDecisions linked) {
        this.cases = cases;
        this.linked = linked;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        String node = session.getValidatedUser();
        if (node == null) {
            return; // the broker's own moves (e.g. a removed participant's case messages to its inbox) keep their stamp
        }
        Optional<String> site = SiteLinks.siteOfUser(node);
        if (site.isEmpty() && message.getObjectProperty(STAMP) != null) {
            throw new ActiveMQSecurityException("a message from " + node + " sets " + CaseDecision.PROPERTY
                    + ", which only the broker sets");
        }
        Object header = message.getObjectProperty(HEADER);
        String text = header == null ? null : header.toString();
        if (text == null || !text.contains("case-")) {
            return; // not a lifecycle message (cheapest test first: this runs for every message)
        }
        Optional<BusAddresses.Parsed> target = BusAddresses.parse(String.valueOf(message.getAddress()));
        if (target.isEmpty() || (target.get().kind() != BusAddresses.Kind.INBOX && target.get().kind() != BusAddresses.Kind.CASE_TOPIC
                && target.get().kind() != BusAddresses.Kind.RECEIPTS)) {
            return; // a dead letter keeps the header of what it refused: no decision is needed to store it
        }
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(text);
        } catch (IOException e) {
            return; // not readable: the receiver refuses it as an invalid header
        }
        CaseChange.Kind kind = LIFECYCLE.get(parsed.path("messageType").asText());
        if (kind == null) {
            return;
        }
        String caseId = parsed.path("caseId").asText();
        String messageId = parsed.path("messageId").asText();
        String digest = Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
        if (site.isPresent()) {
            Object stamp = message.getObjectProperty(STAMP);
            linked.take(site.get(), message.getStringProperty(EmbeddedBroker.SENDER_PROPERTY), caseId, messageId, kind, digest,
                    stamp == null ? null : stamp.toString());
            return; // stamped by the sender's broker, which decided it
        }
        CaseParticipants.Change decided = cases.change(caseId, messageId)
                .filter(c -> node.equals(c.by()) && c.kind() == kind && digest.equals(c.headerDigest()))
                .orElseThrow(() -> new ActiveMQSecurityException("the " + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + " of case " + caseId + " from " + node + " matches no case change the broker decided for it:"
                        + " the change is asked for first, with this message's header digest"));
        message.putStringProperty(STAMP, SimpleString.of(new CaseDecision(kind, decided.seq(), cases.lead(caseId), decided.after())
                .toProperty()));
    }
}
