package eu.bus.exchange;

import eu.bus.broker.BrokerAddress;
import eu.bus.broker.BrokerSettings;
import eu.bus.broker.BrokerTransport;
import eu.bus.broker.BusBroker;
import eu.bus.broker.EmbeddedBroker;
import eu.bus.broker.ExternalBroker;
import eu.bus.broker.NodeConnections;
import eu.bus.broker.WireLimits;
import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.NodeTrust;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.metrics.BusMetrics;
import eu.bus.policy.SubmissionPolicy;
import eu.bus.validation.MessageValidator;
import eu.bus.validation.ValidationLimits;
import eu.bus.witnessing.Witnessing;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any set of node gateways in one JVM, each talking to the broker over TLS with its own certificate,
 * all in one Camel context. The broker is either embedded in the same JVM (the default topology:
 * {@code bus demo}, {@code bus run} and most tests) or external, run by {@code bus broker}
 * ({@code bus run --broker HOST:PORT}); the nodes do not tell the difference.
 */
public final class BusNetwork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BusNetwork.class);

    /** Consumers per inbox and receipts queue of each node by default ({@link NodeSettings#DEFAULT_CONSUMERS}). */
    static final int CONCURRENT_CONSUMERS = NodeSettings.DEFAULT_CONSUMERS;

    /**
     * How often each node looks at its key files (a few stats, microseconds): a revocation applies within this, and
     * the sooner the node closes its connections the likelier it does so before the broker's sweep closes them.
     */
    static final long KEY_WATCH_MILLIS = 100;

    private final BusLayout layout;
    private final BusBroker broker;
    private final CamelContext camel;
    private final Map<String, NodeGateway> gateways;
    private final List<BrokerSender> senders;
    private final List<NodeConnections> factories;
    private final ScheduledExecutorService keyWatch;
    private final List<NodeKeyWatch> watches;
    private final Witnessing witnessing;

    private BusNetwork(BusLayout layout, BusBroker broker, CamelContext camel, Map<String, NodeGateway> gateways,
                       List<BrokerSender> senders, List<NodeConnections> factories, ScheduledExecutorService keyWatch,
                       List<NodeKeyWatch> watches, Witnessing witnessing) {
        this.layout = layout;
        this.broker = broker;
        this.camel = camel;
        this.gateways = gateways;
        this.senders = senders;
        this.factories = factories;
        this.keyWatch = keyWatch;
        this.watches = watches;
        this.witnessing = witnessing;
    }

    /**
     * A node's JMS component for its consumers: each takes what is waiting in batches ({@link BatchingListenerContainer})
     * and commits once the batch's records are durable and its receipts sent.
     */
    private static JmsComponent consumerComponent(NodeConnections consumers, NodeGateway gateway) {
        JmsComponent component = JmsComponent.jmsComponent(consumers);
        component.getConfiguration().setConsumerType(org.apache.camel.component.jms.ConsumerType.Custom);
        component.getConfiguration().setMessageListenerContainerFactory(endpoint -> new BatchingListenerContainer(endpoint, gateway, consumers));
        return component;
    }

    /** Starts the embedded broker and the nodes of an existing PKI under {@code layout}. */
    public static BusNetwork start(BusLayout layout, List<String> nodes, Clock clock, Consumer<NodeAudit> auditHook)
            throws Exception {
        return start(layout, nodes, clock, auditHook, BrokerSettings.defaults(layout.broker(), layout.pki()).withPort(0));
    }

    /**
     * As {@link #start(BusLayout, List, Clock, Consumer)} with the embedded broker's settings given; the
     * nodes use the same message limit as the broker ({@link BrokerSettings#limits()}).
     */
    public static BusNetwork start(BusLayout layout, List<String> nodes, Clock clock, Consumer<NodeAudit> auditHook,
                                   BrokerSettings settings) throws Exception {
        return start(layout, nodes, clock, auditHook, settings, NodeSettings.defaults().withLimits(settings.limits()));
    }

    /** As above, with the nodes' own settings (their message limit should be the broker's). */
    public static BusNetwork start(BusLayout layout, List<String> nodes, Clock clock, Consumer<NodeAudit> auditHook,
                                   BrokerSettings settings, NodeSettings nodeSettings) throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(settings, clock);
        return startOn(broker, layout, nodes, clock, auditHook, nodeSettings);
    }

    /**
     * Starts the nodes of an existing PKI under {@code layout} against a broker another process runs
     * ({@code bus broker}) at {@code address}; that broker must trust the same PKI.
     *
     * @throws eu.bus.broker.BrokerUnreachableException when no broker accepts the nodes there
     */
    public static BusNetwork startExternal(BusLayout layout, List<String> nodes, BrokerAddress address, Clock clock,
                                           Consumer<NodeAudit> auditHook) throws Exception {
        return startExternal(layout, nodes, address, clock, auditHook, WireLimits.defaults());
    }

    /** As above, with the message limit the nodes accept (the broker there enforces its own). */
    public static BusNetwork startExternal(BusLayout layout, List<String> nodes, BrokerAddress address, Clock clock,
                                           Consumer<NodeAudit> auditHook, WireLimits limits) throws Exception {
        return startExternal(layout, nodes, address, clock, auditHook, NodeSettings.defaults().withLimits(limits));
    }

    /** As above, with the nodes' settings (their message limit, passwords, the CA that checks the broker). */
    public static BusNetwork startExternal(BusLayout layout, List<String> nodes, BrokerAddress address, Clock clock,
                                           Consumer<NodeAudit> auditHook, NodeSettings settings) throws Exception {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes to run against the broker at " + address);
        }
        // Case participants need nothing shared: the broker keeps its own list, changed through the case
        // control address; each node keeps its own view (docs/EXCHANGE.md, "Case participants").
        ExternalBroker broker = ExternalBroker.connect(address, keyStore(layout, nodes.get(0), settings),
                settings.brokerCa(layout));
        return startOn(broker, layout, nodes, clock, auditHook, settings);
    }

    /** The one way nodes join a broker, embedded or external; closes the broker if a node cannot start. */
    private static BusNetwork startOn(BusBroker broker, BusLayout layout, List<String> nodes, Clock clock,
                                      Consumer<NodeAudit> auditHook, NodeSettings settings) throws Exception {
        try {
            return startNodes(broker, layout, nodes, clock, auditHook, settings);
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    private static BusNetwork startNodes(BusBroker broker, BusLayout layout, List<String> nodes, Clock clock,
                                         Consumer<NodeAudit> auditHook, NodeSettings settings) throws Exception {
        WireLimits limits = settings.limits();
        // One view of the CRL and the registry for all nodes, both followed: a revocation or a rotation
        // reaches every node's opener and protector without a restart.
        NodeTrust trust = NodeTrust.load(layout.pki());
        NodeRegistry registry = trust.registry().current();
        CertificateDirectory directory = CertificateDirectory.of(trust.registry());
        MessageValidator validator = new MessageValidator(new ValidationLimits(limits.maxMessageBytes()));
        SubmissionPolicy policy = new SubmissionPolicy(registry);
        CamelContext camel = new DefaultCamelContext();
        Map<String, NodeGateway> gateways = new LinkedHashMap<>();
        BusMetrics metrics = new BusMetrics();
        List<BrokerSender> senders = new ArrayList<>();
        List<NodeConnections> factories = new ArrayList<>();
        List<NodeKeyWatch> watches = new ArrayList<>();
        List<Witnessing.Member> members = new ArrayList<>();
        for (String node : nodes) {
            // Made again from the key store when the node's keys change (NodeKeyWatch).
            NodeConnections consumers = new NodeConnections(
                    () -> BrokerTransport.reconnecting(broker.connectionFactory(keyStore(layout, node, settings))));
            NodeConnections sends = new NodeConnections(() -> BrokerSender.confirming(
                    BrokerTransport.reconnecting(broker.connectionFactory(keyStore(layout, node, settings)))));
            factories.add(consumers);
            factories.add(sends);
            BrokerSender sender = new BrokerSender(sends);
            senders.add(sender);
            NodeServices services = NodeServices.open(layout, node, trust, directory, settings.passwords(), clock);
            NodeAudit audit = new NodeAudit(services.audit(), NodeAudit.DEFAULT_PURPOSE);
            auditHook.accept(audit);
            NodeGateway gateway = new NodeGateway(services, audit, validator, policy,
                    new DirectoryCaseSystem(layout.delivered(node)), metrics, settings.consumersPerNode(), sender, limits, consumers);
            gateways.put(node, gateway);
            camel.addComponent("jms-" + node, consumerComponent(consumers, gateway));
            watches.add(new NodeKeyWatch(gateway, camel, sender, consumers, sends));
            members.add(new Witnessing.Member(node, gateway.endpoints(), sender));
        }
        for (NodeGateway gateway : gateways.values()) {
            gateway.attach(camel);
        }
        Witnessing witnessing = Witnessing.attach(camel, layout, trust, members, settings.witnessing(), clock);
        camel.start();
        witnessing.start();
        watches.forEach(NodeKeyWatch::start);
        ScheduledExecutorService keyWatch = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bus-key-watch");
            thread.setDaemon(true);
            return thread;
        });
        keyWatch.scheduleWithFixedDelay(() -> watches.forEach(NodeKeyWatch::check), KEY_WATCH_MILLIS, KEY_WATCH_MILLIS,
                TimeUnit.MILLISECONDS);
        return new BusNetwork(layout, broker, camel, gateways, senders, factories, keyWatch, watches, witnessing);
    }

    /** A node's TLS identity is its signing key and certificate (docs/EXCHANGE.md). */
    private static ProtectedKeyStore keyStore(BusLayout layout, String node, NodeSettings settings) {
        return ProtectedKeyStore.ofNode(layout.pki(), node, KeyPurpose.SIGNING).with(settings.passwords());
    }

    /**
     * Before the nodes stop, their latest records get a checkpoint that their witnesses cosign, so the log of a node
     * that stopped while idle verifies with {@code --witnesses}. Records that come in meanwhile (a message still being
     * received) get the node's final checkpoint at close, which its witnesses cosign when it next starts.
     */
    private void witnessLastRecords() {
        for (NodeGateway gateway : gateways.values()) {
            try {
                gateway.services().audit().checkpoint();
            } catch (RuntimeException e) {
                LOG.warn("{}: no last checkpoint before it stops: {}", gateway.node(), e.toString());
            }
        }
        witnessing.lastRound();
    }

    public NodeGateway node(String node) {
        NodeGateway gateway = gateways.get(node);
        if (gateway == null) {
            throw new IllegalArgumentException("no node " + node + " runs here; running: " + gateways.keySet());
        }
        return gateway;
    }

    public List<NodeGateway> nodes() {
        return new ArrayList<>(gateways.values());
    }

    /** The metrics all nodes of this network share (one registry, labelled per node). */
    public BusMetrics metrics() {
        return gateways.values().iterator().next().metrics();
    }

    /** The broker the nodes use: embedded in this process or external. */
    public BusBroker broker() {
        return broker;
    }

    /** The broker this network started in its own process (tests look into its queues); empty when it is external. */
    public Optional<EmbeddedBroker> embeddedBroker() {
        return broker instanceof EmbeddedBroker embedded ? Optional.of(embedded) : Optional.empty();
    }

    public CamelContext camel() {
        return camel;
    }

    /** The nodes' witnessing: each as a witness of the others, and asking its own witnesses to cosign. */
    public Witnessing witnessing() {
        return witnessing;
    }

    public BusLayout layout() {
        return layout;
    }

    @Override
    public void close() throws Exception {
        keyWatch.shutdownNow();
        keyWatch.awaitTermination(10, TimeUnit.SECONDS);
        watches.forEach(NodeKeyWatch::close);
        if (broker.isUp()) {
            witnessLastRecords();
        } else {
            witnessing.close();
        }
        if (!broker.isUp()) {
            // Connections waiting to reconnect to a broker that is gone would hold every consumer's close for
            // Artemis' call timeout (and Camel's shutdown past its own): end them first, nothing can be acknowledged.
            factories.forEach(NodeConnections::close);
        }
        camel.stop();
        senders.forEach(BrokerSender::close);
        factories.forEach(NodeConnections::close);
        for (NodeGateway gateway : gateways.values()) {
            gateway.stopSending();
            gateway.services().close();
        }
        broker.close();
    }
}
