package eu.bus.witnessing;

import eu.bus.witness.CheckpointWitnessing;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's side of witnessing, run on a timer: asks its witnesses to cosign its latest checkpoint, and says in the
 * log when a witness refuses or does not answer (once per change, not at every round). A witness whose key is not
 * published yet (it has never started) is asked from the round after it is.
 */
public final class NodeWitnessing {

    private static final Logger LOG = LoggerFactory.getLogger(NodeWitnessing.class);

    private final String node;
    private final List<BrokerWitnessClient> witnesses;
    /** What each witness did at its last round: what is logged, and whether it is asked while the node stops. */
    private final Map<String, CheckpointWitnessing.Outcome> last = new HashMap<>();
    private final CheckpointWitnessing witnessing;

    NodeWitnessing(String node, Path auditDirectory, List<BrokerWitnessClient> witnesses) {
        this.node = node;
        this.witnesses = List.copyOf(witnesses);
        this.witnessing = new CheckpointWitnessing(auditDirectory, List.of());
    }

    /** One round; never throws (the next round tries again). */
    public synchronized List<CheckpointWitnessing.Outcome> round() {
        return round(witnesses.stream().filter(BrokerWitnessClient::hasKey).toList());
    }

    /**
     * The round while the node stops: only the witnesses that answered last time, each given
     * {@link BrokerWitnessClient#CLOSING_WAIT}, so a witness that is gone does not hold the stop up.
     */
    synchronized List<CheckpointWitnessing.Outcome> lastRound() {
        List<BrokerWitnessClient> answering = witnesses.stream().filter(BrokerWitnessClient::hasKey)
                .filter(w -> last.get(w.witness()) == null || last.get(w.witness()).answered()).toList();
        answering.forEach(w -> w.waitAtMost(BrokerWitnessClient.CLOSING_WAIT));
        return round(answering);
    }

    private List<CheckpointWitnessing.Outcome> round(List<BrokerWitnessClient> asked) {
        try {
            List<CheckpointWitnessing.Outcome> outcomes = witnessing.round(asked);
            for (CheckpointWitnessing.Outcome outcome : outcomes) {
                CheckpointWitnessing.Outcome previous = last.put(outcome.witness(), outcome);
                String before = previous == null ? null : previous.problem();
                if (outcome.problem() != null && !Objects.equals(before, outcome.problem())) {
                    LOG.warn("{}: witness {} did not cosign checkpoint {}: {}", node, outcome.witness(), outcome.size(), outcome.problem());
                } else if (outcome.problem() == null && before != null) {
                    LOG.info("{}: witness {} cosigns again (checkpoint {})", node, outcome.witness(), outcome.size());
                }
            }
            return outcomes;
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot ask its witnesses this round: {}", node, e.toString());
            return List.of();
        }
    }
}
