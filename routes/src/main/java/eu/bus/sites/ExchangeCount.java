package eu.bus.sites;

import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.StatusStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The end count of messages one sender sent to one recipient, from what each side wrote down (the recipient's
 * audit log, the sender's status store) and what the brokers logged: nothing taken on trust from the code that
 * carried them.
 *
 * @param sent              accepted by the sender's node
 * @param delivered         distinct messages the recipient delivered to its case system
 * @param deliveredTwice    messages it delivered more than once (must be 0)
 * @param duplicatesRemoved copies stopped on the way: by a broker's duplicate detection, or by the recipient
 *                          ({@link NodeDeliveries})
 * @param lost              sent and never delivered (must be 0)
 * @param receipted         sent messages the sender holds a signed receipt for
 * @param outOfOrder        deliveries that overtook a message their submitter had sent before them (must be 0)
 */
public record ExchangeCount(int sent, int delivered, int deliveredTwice, long duplicatesRemoved, int lost, int receipted,
                            int outOfOrder) {

    /**
     * @param submitted the ids the sender's node accepted, as sequences: each in the order one client submitted
     *                  them, waiting for each answer before the next (so each must arrive in that order)
     */
    public static ExchangeCount of(List<List<UUID>> submitted, NodeProcess sender, NodeProcess recipient,
                                   List<SiteBroker> brokers) {
        List<UUID> sentInOrder = submitted.stream().flatMap(List::stream).toList();
        Set<UUID> sent = new HashSet<>(sentInOrder);
        NodeDeliveries arrived = NodeDeliveries.of(recipient);
        List<UUID> deliveries = arrived.handedOver().stream().filter(sent::contains).toList();
        int delivered = (int) sent.stream().filter(id -> arrived.times(id) > 0).count();
        int twice = (int) sent.stream().filter(id -> arrived.times(id) > 1).count();
        Map<UUID, List<StatusStore.Change>> status = StatusStore.read(sender.layout().state(sender.node()));
        int receipted = (int) sentInOrder.stream().filter(id -> status.getOrDefault(id, List.of()).stream()
                .anyMatch(c -> c.status() == MessageStatus.RECEIPTED)).count();
        long dropped = brokers.stream().mapToLong(SiteBroker::duplicatesDropped).sum();
        return new ExchangeCount(sentInOrder.size(), delivered, twice, dropped + arrived.stopped(sent),
                sentInOrder.size() - delivered, receipted,
                submitted.stream().mapToInt(sequence -> outOfOrder(sequence, deliveries)).sum());
    }

    /** First deliveries of the sequence that overtook a message of it sent before them. */
    private static int outOfOrder(List<UUID> sentInOrder, List<UUID> deliveries) {
        Map<UUID, Integer> rank = new HashMap<>();
        for (int i = 0; i < sentInOrder.size(); i++) {
            rank.put(sentInOrder.get(i), i);
        }
        Set<UUID> seen = new HashSet<>();
        int highest = -1;
        int late = 0;
        for (UUID id : deliveries) {
            if (!rank.containsKey(id) || !seen.add(id)) {
                continue;
            }
            int r = rank.get(id);
            if (r < highest) {
                late++;
            }
            highest = Math.max(highest, r);
        }
        return late;
    }

    public boolean complete() {
        return lost == 0 && deliveredTwice == 0 && outOfOrder == 0 && delivered == sent && receipted == sent;
    }

    public String line() {
        return "sent=" + sent + " delivered=" + delivered + " delivered-twice=" + deliveredTwice + " duplicates-removed="
                + duplicatesRemoved + " lost=" + lost + " receipted=" + receipted + " out-of-order=" + outOfOrder;
    }
}
