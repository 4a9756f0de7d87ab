package eu.bus.witnessing;

import eu.bus.exchange.BrokerSender;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.NodeEndpoints;
import eu.bus.keys.NodeTrust;
import eu.bus.keys.RegisteredNode;
import eu.bus.witness.Witness;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;

/**
 * Witnessed checkpoints for the nodes of one process (docs/AUDIT.md, "Witnesses"): each node is a witness of the
 * other nodes' audit logs, and asks its own witnesses (nodes of other agencies) to cosign its latest checkpoint
 * every {@link WitnessSettings#interval()}; requests and answers travel over the broker like any message between
 * nodes, across sites too.
 */
public final class Witnessing implements AutoCloseable {

    private final WitnessSettings settings;
    private final Map<String, NodeWitnessing> nodes = new LinkedHashMap<>();
    private final Map<String, NodeWitness> witnesses = new LinkedHashMap<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, WitnessAnswers> answers = new LinkedHashMap<>();
    private ScheduledExecutorService timer;

    private Witnessing(WitnessSettings settings) {
        this.settings = settings;
    }

    /** One node joining: its witness and its witnessing, and their routes (added to {@code camel}, not started yet). */
    public record Member(String node, NodeEndpoints endpoints, BrokerSender sender) {
    }

    public static Witnessing attach(CamelContext camel, BusLayout layout, NodeTrust trust, List<Member> members,
                                    WitnessSettings settings, Clock clock) throws Exception {
        Witnessing witnessing = new Witnessing(settings);
        List<String> registered = trust.registry().current().nodes().stream().map(RegisteredNode::id).toList();
        for (Member member : members) {
            String node = member.node();
            Witness witness = Witness.ofNode(layout.pki(), node, trust, layout.witnessState(node), clock);
            NodeWitness asWitness = new NodeWitness(node, witness, member.sender());
            WitnessAnswers answers = new WitnessAnswers();
            List<BrokerWitnessClient> clients = new ArrayList<>();
            for (String other : settings.witnessesOf(node, registered)) {
                clients.add(new BrokerWitnessClient(other, layout.pki(), member.sender(), answers));
            }
            witnessing.witnesses.put(node, asWitness);
            witnessing.members.put(node, member);
            witnessing.answers.put(node, answers);
            witnessing.nodes.put(node, new NodeWitnessing(node, layout.audit(node), clients));
            camel.addRoutes(new WitnessRoutes(member.endpoints(), asWitness, answers));
        }
        return witnessing;
    }

    /** Starts the rounds (after the routes started): each node's on a thread of its own, so a witness that does not answer holds up only the node waiting for it. */
    public void start() {
        timer = Executors.newScheduledThreadPool(Math.max(1, nodes.size()), task -> {
            Thread thread = new Thread(task, "bus-witnessing");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.interval().toMillis();
        for (NodeWitnessing node : nodes.values()) {
            timer.scheduleWithFixedDelay(node::round, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** The node's witnessing (tests and {@code bus audit} ask for a round now). */
    public NodeWitnessing of(String node) {
        return nodes.get(node);
    }

    /** The node as a witness of the others. */
    public Witness witness(String node) {
        return witnesses.get(node).witness();
    }

    BrokerSender sender(String node) {
        return members.get(node).sender();
    }

    WitnessAnswers answers(String node) {
        return answers.get(node);
    }

    /** The timer stops, then a last round for every node at once (their final checkpoints written by the caller). */
    public void lastRound() {
        close();
        nodes.values().parallelStream().forEach(NodeWitnessing::lastRound);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(BrokerWitnessClient.ANSWER_WAIT.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
