package eu.bus.exchange;

import eu.bus.broker.NodeConnections;
import eu.bus.keys.LiveCredentials;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a change of one node's own keys to its broker connections, so that {@code bus keys revoke} and
 * {@code bus keys rotate} take effect in a running node within a second. The protector, opener and audit
 * checkpoints read the keys per use ({@link LiveCredentials}); what holds the old identity is the connections
 * (their TLS client certificate is the node's signing certificate):
 * <ul>
 *   <li>the node's certificate is revoked (or expired, or no longer registered): one line in the log saying why
 *       and what to run, its consumer routes and connections stopped, so that neither the node retries nor the
 *       broker refuses it in a loop; submissions are refused by the protector with the same reason;</li>
 *   <li>valid keys again (a rotation): its connections made again with the new key store, consumers started;</li>
 *   <li>rotated while valid: the same, before the broker closes the connections of the superseded certificate.</li>
 * </ul>
 */
final class NodeKeyWatch {

    private static final Logger LOG = LoggerFactory.getLogger(NodeKeyWatch.class);
    private final NodeGateway gateway;
    private final String node;
    private final LiveCredentials keys;
    private final CamelContext camel;
    private final String consumerComponent;
    private final BrokerSender sender;
    private final NodeConnections consumers;
    private final NodeConnections sends;
    private final List<String> stoppedRoutes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService applier;
    private volatile LiveCredentials.Snapshot applied;

    NodeKeyWatch(NodeGateway gateway, CamelContext camel, BrokerSender sender, NodeConnections consumers, NodeConnections sends) {
        this.gateway = gateway;
        this.node = gateway.node();
        this.keys = gateway.services().keys();
        this.camel = camel;
        this.consumerComponent = gateway.endpoints().consumerComponent();
        this.sender = sender;
        this.consumers = consumers;
        this.sends = sends;
        this.applied = keys.snapshot();
        this.applier = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "bus-keys-" + node);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** After the routes started: a node whose keys are already unusable does not stay connected. */
    void start() {
        reportKeyHistory(applied.current());
        if (!applied.usable()) {
            LOG.error(applied.problem());
            disconnect();
        }
    }

    /**
     * Looks at the node's key files (cheap when nothing changed); a change is applied on the node's own thread, so a
     * slow broker never holds up the watch of the other nodes. Never throws.
     */
    void check() {
        try {
            LiveCredentials.Snapshot now = keys.refresh();
            if (now != null) {
                applier.execute(() -> {
                    try {
                        apply(applied, now);
                    } catch (RuntimeException e) {
                        LOG.error("{}: cannot apply the change of its keys ({}); tried again at the next change", node, e.toString());
                    }
                    applied = now;
                });
            }
        } catch (RuntimeException e) {
            LOG.error("{}: cannot look at its keys ({}); tried again shortly", node, e.toString());
        }
    }

    /** Stops applying changes (the node is closing). */
    void close() {
        applier.shutdownNow();
    }

    private void apply(LiveCredentials.Snapshot before, LiveCredentials.Snapshot now) {
        if (!now.usable()) {
            if (before.usable() || before.status() != now.status()) {
                LOG.error(now.problem()); // once per change of standing: not per retry
            }
            disconnect();
        } else if (!before.usable() || now.current() != before.current()) {
            reportKeyHistory(now.current());
            reconnect();
            gateway.resumeSending();
            LOG.warn("{} {} (signing certificate serial {}): its broker connections were made again with them", node,
                    before.usable() ? "now uses its new keys" : "has valid keys again and sends",
                    now.current().signingCertificate().getSerialNumber().toString(16));
        }
    }

    /** A retired key store that does not open: what was encrypted to that old certificate no longer opens. */
    private void reportKeyHistory(eu.bus.keys.NodeCredentials keys) {
        for (String problem : keys.retiredKeyProblems()) {
            LOG.warn("{}: a key of its key history is left out, so what was encrypted to that old certificate does not open: {}",
                    node, problem);
        }
    }

    /**
     * Connections first, all at once: the sooner they are closed, the less likely the broker closes them first
     * (its revocation sweep), which would set Artemis retrying the refused login with a stack trace each time.
     * Then the consumers, so their listeners do not try to recover.
     */
    private void disconnect() {
        // Short: a listener that notices before it is stopped may log it once; the reason itself is logged once, above.
        String why = node + "'s broker connections are stopped until it has valid keys (see /health)";
        sends.stop(why);
        consumers.stop(why);
        sender.reconnect();
        stopConsumers();
    }

    /** Sends first: a submission signed with the new key must not go out on a connection of the old certificate. */
    private void reconnect() {
        sends.restart();
        sender.reconnect();
        consumers.restart();
        stopConsumers(); // their listeners hold connections of the old factory: start them afresh
        for (String id : stoppedRoutes) {
            Route route = camel.getRoute(id);
            if (route == null) {
                continue; // a case the node left meanwhile
            }
            try {
                route.getConsumer().start(); // a new listener container, on the new connections
            } catch (RuntimeException e) {
                LOG.error("{}: cannot restart the consumer of route {} with its new keys: {}", node, id, e.toString());
            }
        }
        stoppedRoutes.clear();
    }

    /**
     * Stops the consumers of this node's routes that read from the broker (inbox, receipts, followed cases) and
     * remembers them. The consumers, not the routes: a route stop waits, through Camel's graceful shutdown, for
     * listeners that are retrying a connection, and logs when it gives up.
     */
    private void stopConsumers() {
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint().getEndpointUri().startsWith(consumerComponent + ":") 
                    && route.getConsumer() instanceof StatefulService consumer && consumer.isStarted()) {
                try {
                    consumer.stop();
                    if (!stoppedRoutes.contains(route.getRouteId())) {
                        stoppedRoutes.add(route.getRouteId());
                    }
                } catch (RuntimeException e) {
                    LOG.error("{}: cannot stop the consumer of route {}: {}", node, route.getRouteId(), e.toString());
                }
            }
        }
    }
}
