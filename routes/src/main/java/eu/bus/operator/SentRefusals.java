package eu.bus.operator;

import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.StatusStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The messages a node sent that were refused somewhere, read from its status store. */
public final class SentRefusals {

    private final StatusStore status;

    public SentRefusals(StatusStore status) {
        this.status = status;
    }

    /** Every refused message, oldest first. */
    public List<SentRefusal> list() {
        List<SentRefusal> out = new ArrayList<>();
        for (UUID id : status.messageIds()) {
            of(id).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(SentRefusal::submittedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    /** The message's refusals, empty when it was not sent by this node or nobody refused it. */
    public Optional<SentRefusal> of(UUID messageId) {
        List<StatusStore.Change> history = status.history(messageId);
        if (history.isEmpty()) {
            return Optional.empty();
        }
        Map<String, SentRefusal.Refusal> refusals = new LinkedHashMap<>();
        Map<String, MessageStatus> states = StatusStore.recipientsOf(history);
        for (StatusStore.Change c : history) {
            String who = c.recipient() == null ? SentRefusal.WHOLE_MESSAGE : c.recipient();
            boolean settled = c.recipient() == null || states.get(c.recipient()) == c.status();
            if (c.status().isRefusal() && settled && !refusals.containsKey(who)) {
                refusals.put(who, new SentRefusal.Refusal(c.status(), c.at(), c.detail()));
            }
        }
        if (refusals.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SentRefusal(messageId, StatusStore.currentOf(history).orElse(null), history.get(0).at(), refusals));
    }

    /** Whether this node sent the message at all. */
    public boolean sent(UUID messageId) {
        return !status.history(messageId).isEmpty();
    }
}
