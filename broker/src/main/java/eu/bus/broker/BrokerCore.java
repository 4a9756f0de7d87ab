package eu.bus.broker;

import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeTrust;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Set;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.server.ActivateCallback;
import org.apache.activemq.artemis.core.server.ActiveMQServer;

/**
 * The bus's logic inside one broker, whoever starts it: certificate login and per-address authorisation
 * ({@link #securityManager}), the message and connection plugins (sender integrity, wire format, frame limit, case
 * control and its decision stamp), the incoming interceptors (size, queries), and, once the broker is active, the
 * revocation watch and the case subscriptions. The embedded broker ({@link EmbeddedBroker}) and a stock Artemis
 * ({@link BusBrokerPlugin} in its broker.xml, {@link BusSecurityManager} in its bootstrap.xml) both install exactly
 * this, so there is one definition of what the bus's broker does.
 */
public final class BrokerCore {

    private final NodeTrust trust;
    private final CaseParticipants cases;
    private final AccessPolicy policy;
    private final CaseAuthority authority;
    private final CaseRules rules;
    private final WireLimits limits;
    private final Set<String> extraClientProperties;
    private final Set<String> hubs;
    private final java.util.Optional<String> site;
    private final Clock clock;
    private final CertificateSecurityManager securityManager;

    /**
     * @param pkiDir  the bus PKI (CA, CRL, registry, anchors); never the CA's key
     * @param dataDir where the authoritative case participants are kept ({@code case-participants.json})
     * @param hubs    the linked sites that relay other sites' messages ({@link BrokerSettings#hubs()})
     * @param site    the site this broker serves ({@link BrokerSettings#site()}); empty: every node is local
     */
    public BrokerCore(Path pkiDir, Path dataDir, WireLimits limits, CaseAuthority.Limits caseLimits,
                      Set<String> extraClientProperties, Set<String> hubs, java.util.Optional<String> site, Clock clock) {
        this.trust = NodeTrust.load(pkiDir);
        this.cases = CaseParticipants.open(dataDir.resolve("case-participants.json"));
        this.policy = new AccessPolicy(cases);
        this.limits = limits;
        this.extraClientProperties = Set.copyOf(extraClientProperties);
        this.hubs = Set.copyOf(hubs);
        this.site = site;
        this.clock = clock;
        this.rules = new CaseRules(id -> trust.registry().current().find(id).isPresent());
        CertificateDirectory certificates = CertificateDirectory.of(trust.registry());
        this.authority = new CaseAuthority(cases, rules, node -> registeredSigner(certificates, node), caseLimits, clock);
        this.securityManager = new CertificateSecurityManager(trust, policy, clock);
    }

    public CertificateSecurityManager securityManager() {
        return securityManager;
    }

    /** The authoritative case participants (changed only through the case control address). */
    public CaseParticipants cases() {
        return cases;
    }

    public NodeTrust trust() {
        return trust;
    }

    /**
     * Installs the plugins and interceptors on a server, before it starts (embedded) or while it starts (a stock
     * broker registering {@link BusBrokerPlugin}); the revocation watch and the case subscriptions start once the
     * server is active.
     */
    public void install(ActiveMQServer server) {
        server.registerBrokerPlugin(new SenderIntegrityPlugin(clock, this::siteOf, hubs));
        server.registerBrokerPlugin(new WireFormatGuard(limits, extraClientProperties));
        server.registerBrokerPlugin(new FrameLimit(limits));
        server.registerBrokerPlugin(new CaseControlPlugin(authority, policy));
        server.registerBrokerPlugin(new CaseDecisionStamp(cases, new LinkedCaseDecisions(cases, rules)));
        server.registerBrokerPlugin(new SenderOrder()); // last: after every check of the message
        addIncoming(server, new MessageSizeGuard(limits));
        addIncoming(server, new QueryGuard(server, policy));
        server.registerActivateCallback(new ActivateCallback() {
            @Override
            public void activationComplete() {
                RevocationWatch.start(server, trust, clock, RevocationWatch.DEFAULT_INTERVAL);
                CaseSubscriptions subscriptions = new CaseSubscriptions(server, cases, node -> isLocal(node));
                cases.onChange(subscriptions::follow);
                // A crash after a change was persisted but before its subscription queues were created (or a removed
                // participant's dropped) would leave them so for good: bring every known case in line. Idempotent.
                cases.caseIds().forEach(subscriptions::follow);
            }
        });
    }

    /** The site the registry places a node at; empty when it is not registered. */
    private java.util.Optional<String> siteOf(String node) {
        return trust.registry().current().find(node).map(eu.bus.keys.RegisteredNode::site);
    }

    /**
     * Whether a node connects to this broker: every node when this broker serves no site, otherwise the nodes the
     * registry places at its site (an unregistered node is nobody's: it cannot log in anywhere).
     */
    private boolean isLocal(String node) {
        return site.isEmpty() || siteOf(node).map(s -> s.equalsIgnoreCase(site.get())).orElse(false);
    }

    /** Before the start through the service registry; during it (a stock broker's plugin) on the remoting service itself. */
    private static void addIncoming(ActiveMQServer server, Interceptor interceptor) {
        if (server.getRemotingService() != null) {
            server.getRemotingService().addIncomingInterceptor(interceptor);
        } else {
            server.getServiceRegistry().addIncomingInterceptor(interceptor);
        }
    }

    /** A node's registered signing certificate, valid now (CA, dates, CRL, pinned); case changes must carry its signature. */
    private X509Certificate registeredSigner(CertificateDirectory certificates, String node) {
        X509Certificate certificate = certificates.certificate(node, KeyPurpose.SIGNING);
        trust.verify(node, certificate, KeyPurpose.SIGNING, clock.instant());
        return certificate;
    }
}
