package eu.bus.exchange;

import eu.bus.broker.BrokerSettings;
import eu.bus.broker.EmbeddedBroker;
import eu.bus.keys.BusTrust;
import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.PkiLayout;
import eu.bus.metrics.BusMetrics;
import eu.bus.policy.SubmissionPolicy;
import eu.bus.validation.MessageValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The embedded default topology in one JVM: the broker and any set of node gateways, each talking
 * to the broker over TLS with its own certificate, all in one Camel context. Used by
 * {@code bus demo} and the integration tests; a node in its own process uses the same parts.
 */
public final class BusNetwork implements AutoCloseable {

    /**
     * Consumers per inbox and receipts queue of each node. Each spends most of a message waiting for
     * fsyncs (archive, delivery, audit group commit) and the broker, so four keep both cores busier than
     * two (hop benchmark: about 50 to 68 msg/s, docs/BENCHMARKS.md).
     */
    static final int CONCURRENT_CONSUMERS = 4;

    private final BusLayout layout;
    private final EmbeddedBroker broker;
    private final CamelContext camel;
    private final Map<String, NodeGateway> gateways;
    private final List<BrokerSender> senders;

    private BusNetwork(BusLayout layout, EmbeddedBroker broker, CamelContext camel, Map<String, NodeGateway> gateways,
                       List<BrokerSender> senders) {
        this.layout = layout;
        this.broker = broker;
        this.camel = camel;
        this.gateways = gateways;
        this.senders = senders;
    }

    /** Starts the broker and the nodes of an existing PKI under {@code layout}. */
    public static BusNetwork start(BusLayout layout, List<String> nodes, Clock clock, Consumer<NodeAudit> auditHook)
            throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.defaults(layout.broker(), layout.pki()).withPort(0), clock);
        NodeRegistry registry = NodeRegistry.load(layout.pki());
        BusTrust trust = BusTrust.load(layout.pki());
        CertificateDirectory directory = CertificateDirectory.of(registry);
        MessageValidator validator = new MessageValidator();
        SubmissionPolicy policy = new SubmissionPolicy(registry);
        CamelContext camel = new DefaultCamelContext();
        Map<String, NodeGateway> gateways = new LinkedHashMap<>();
        BusMetrics metrics = new BusMetrics();
        List<BrokerSender> senders = new ArrayList<>();
        for (String node : nodes) {
            String url = broker.urlFor(new PkiLayout(layout.pki()).pkcs12(node, KeyPurpose.SIGNING));
            camel.addComponent("jms-" + node, JmsComponent.jmsComponent(new ActiveMQConnectionFactory(url)));
            BrokerSender sender = new BrokerSender(new ActiveMQConnectionFactory(url + BrokerSender.URL_OPTIONS));
            senders.add(sender);
            NodeServices services = NodeServices.open(layout, node, trust, directory, clock);
            NodeAudit audit = new NodeAudit(services.audit(), NodeAudit.DEFAULT_PURPOSE);
            auditHook.accept(audit);
            gateways.put(node, new NodeGateway(services, audit, validator, policy,
                    new DirectoryCaseSystem(layout.delivered(node)), metrics, CONCURRENT_CONSUMERS, sender));
        }
        for (NodeGateway gateway : gateways.values()) {
            gateway.attach(camel);
        }
        camel.start();
        return new BusNetwork(layout, broker, camel, gateways, senders);
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

    public EmbeddedBroker broker() {
        return broker;
    }

    public CamelContext camel() {
        return camel;
    }

    public BusLayout layout() {
        return layout;
    }

    @Override
    public void close() throws Exception {
        camel.stop();
        senders.forEach(BrokerSender::close);
        for (NodeGateway gateway : gateways.values()) {
            gateway.services().close();
        }
        broker.close();
    }
}
