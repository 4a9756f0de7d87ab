package eu.bus.broker;

import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.KeyStorePassword;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.NodeTrust;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.keys.RegisteredNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The embedded default broker: persistent journal, one TLS acceptor (client certificate required,
 * CRL checked) on loopback, certificate-based authentication pinned to the registered certificates,
 * per-address authorisation, a dead-letter and expiry queue per node, duplicate detection. Queues of the registry's nodes are
 * created at start so nothing depends on auto-creation rights. Case participants are changed only
 * through the case control address ({@link CaseControlPlugin}). The broker never holds the CA's key: its
 * TLS key store is issued by {@code bus keys init} or {@code bus keys tls}, and a start without it fails
 * saying so.
 */
public final class EmbeddedBroker implements BusBroker {

    /** Message property naming the sending node; set by every gateway (eu.bus.exchange.WireHeaders.SENDER). */
    public static final String SENDER_PROPERTY = WireProperties.SENDER;

    private final BrokerSettings settings;
    private final CaseParticipants cases;
    private final ActiveMQServer server;
    private final int port;

    private EmbeddedBroker(BrokerSettings settings, CaseParticipants cases, ActiveMQServer server, int port) {
        this.settings = settings;
        this.cases = cases;
        this.server = server;
        this.port = port;
    }

    public static EmbeddedBroker start(BrokerSettings settings, Clock clock) throws Exception {
        NodeTrust trust = NodeTrust.load(settings.pkiDir());
        NodeRegistry registry = trust.registry().current();
        // Before anything is created: a missing TLS key store stops the start with the command that issues it.
        TransportConfiguration acceptor = tlsAcceptor(settings);
        int port = (Integer) acceptor.getParams().get(TransportConstants.PORT_PROP_NAME);
        CaseParticipants cases = CaseParticipants.open(settings.dataDir().resolve("case-participants.json"));

        Configuration config = new ConfigurationImpl()
                .setName(settings.name())
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(settings.dataDir().resolve("journal").toString())
                .setBindingsDirectory(settings.dataDir().resolve("bindings").toString())
                .setPagingDirectory(settings.dataDir().resolve("paging").toString())
                .setLargeMessagesDirectory(settings.dataDir().resolve("large-messages").toString())
                .setSecurityEnabled(true)
                // Case participation changes at run time; a cached "yes" must not outlive it.
                .setAuthorizationCacheSize(0)
                // Artemis keys cached logins by subject DN only: a revoked key with the same DN as its
                // replacement (after a rotation) must not ride on a cached success, nor block it with a failure.
                .setAuthenticationCacheSize(0)
                .setIDCacheSize(settings.duplicateIdCacheSize())
                .setPersistIDCache(true)
                .setJMXManagementEnabled(false)
                .setMaxDiskUsage(settings.disk().maxUsagePercent())
                .setMinDiskFree(settings.disk().minFreeBytes())
                .setDiskScanPeriod(settings.disk().scanPeriodMillis());
        config.addAcceptorConfiguration(acceptor);
        config.registerBrokerPlugin(new SenderIntegrityPlugin(clock));
        config.registerBrokerPlugin(new WireFormatGuard(settings.limits(), settings.extraClientProperties()));
        config.registerBrokerPlugin(new FrameLimit(settings.limits()));
        AccessPolicy policy = new AccessPolicy(cases);
        CaseRules rules = new CaseRules(id -> trust.registry().current().find(id).isPresent());
        CertificateDirectory certificates = CertificateDirectory.of(trust.registry());
        CaseAuthority authority = new CaseAuthority(cases, rules, node -> registeredSigner(certificates, trust, clock, node),
                settings.caseLimits(), clock);
        config.registerBrokerPlugin(new CaseControlPlugin(authority, policy));
        config.registerBrokerPlugin(new CaseDecisionStamp(cases));
        // The control address exists (so a send to it is valid) but has no queue: case changes are acted on, never stored.
        config.addAddressConfiguration(new CoreAddressConfiguration().setName(BusAddresses.CASE_CONTROL)
                .addRoutingType(RoutingType.MULTICAST));
        for (RegisteredNode node : registry.nodes()) {
            addNodeQueues(config, node.id(), settings.maxDeliveries());
        }
        // Subscribers retry and dead-letter into their own queue (one address serves many nodes, so a
        // broker-side dead-letter address could not be per node): the broker never moves these messages.
        SimpleString caseTopics = SimpleString.of(BusAddresses.CASE_PREFIX + "undeliverable");
        config.addAddressSetting(BusAddresses.CASE_PREFIX + "#", new AddressSettings()
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(false)
                .setDefaultAddressRoutingType(RoutingType.MULTICAST)
                .setMaxDeliveryAttempts(-1)
                .setDeadLetterAddress(caseTopics).setExpiryAddress(caseTopics)
                .setRedeliveryDelay(500).setRedeliveryMultiplier(2).setMaxRedeliveryDelay(30_000));

        ActiveMQServer server = new ActiveMQServerImpl(config,
                new CertificateSecurityManager(trust, policy, clock));
        server.getServiceRegistry().addIncomingInterceptor(new MessageSizeGuard(settings.limits()));
        server.getServiceRegistry().addIncomingInterceptor(new QueryGuard(server, policy));
        server.start();
        // Artemis logs a failed bind and runs on without the acceptor: a broker nobody can reach.
        if (!server.getRemotingService().getAcceptor("tls").isStarted()) {
            server.stop();
            throw portInUse(settings.host(), port);
        }
        RevocationWatch.start(server, trust, clock, RevocationWatch.DEFAULT_INTERVAL);
        EmbeddedBroker broker = new EmbeddedBroker(settings, cases, server, port);
        CaseSubscriptions subscriptions = new CaseSubscriptions(server, cases);
        cases.onChange(subscriptions::follow);
        // A crash after a change was persisted but before its subscription queues were created (or a
        // removed participant's dropped) would leave them so for good: bring every known case in line.
        // Idempotent: existing queues are kept as they are. Cases changed since start are followed by the listener.
        try {
            cases.caseIds().forEach(subscriptions::follow);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return broker;
    }

    /** A node's registered signing certificate, valid now (CA, dates, CRL, pinned); case changes must carry its signature. */
    private static X509Certificate registeredSigner(CertificateDirectory certificates, NodeTrust trust, Clock clock, String node) {
        X509Certificate certificate = certificates.certificate(node, KeyPurpose.SIGNING);
        trust.verify(node, certificate, KeyPurpose.SIGNING, clock.instant());
        return certificate;
    }

    /**
     * TLS 1.3 with a client certificate required; the server key store from the PKI (issued beforehand, never
     * here), its password from the environment or the password file, passed in the parameter map (Artemis
     * masks passwords when it prints a transport configuration). The bus CA in {@code ca.pem} is the trust store.
     */
    private static TransportConfiguration tlsAcceptor(BrokerSettings settings) throws IOException {
        ProtectedKeyStore keyStore = ProtectedKeyStore.ofServer(settings.pkiDir(), settings.name());
        keyStore.load(); // a wrong password is one plain sentence here, not a failed acceptor in Artemis' log
        KeyStorePassword password = keyStore.password();
        int port = settings.port() == 0 ? freePort() : requireFree(settings.host(), settings.port());
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, settings.host());
        params.put(TransportConstants.PORT_PROP_NAME, port);
        params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
        params.put(TransportConstants.NEED_CLIENT_AUTH_PROP_NAME, true);
        params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PKCS12");
        params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, keyStore.file().toAbsolutePath().toString());
        params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, new String(password.chars()));
        params.put(TransportConstants.TRUSTSTORE_TYPE_PROP_NAME, BrokerTransport.PEM_TRUST_STORE);
        params.put(TransportConstants.TRUSTSTORE_PATH_PROP_NAME, clientTrust(settings).toAbsolutePath().toString());
        params.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, "TLSv1.3");
        params.put(TransportConstants.PROTOCOLS_PROP_NAME, "CORE");
        return new TransportConfiguration(NettyAcceptorFactory.class.getName(), params, "tls");
    }

    /**
     * The CAs a client certificate may chain to in the TLS handshake: the bus CA and the agencies' CAs the PKI
     * trusts ({@code bus keys import}), as one PEM bundle written at each start (a new anchor takes a restart of
     * the broker). Whether the certificate is valid now, registered and not revoked is decided after the
     * handshake, by {@link CertificateSecurityManager}, against each CA's own CRL.
     */
    private static java.nio.file.Path clientTrust(BrokerSettings settings) throws IOException {
        PkiLayout pki = new PkiLayout(settings.pkiDir());
        java.util.List<java.nio.file.Path> anchors = pki.anchorCertificates();
        if (anchors.isEmpty()) {
            return pki.caCertificate();
        }
        StringBuilder bundle = new StringBuilder(java.nio.file.Files.readString(pki.caCertificate()));
        for (java.nio.file.Path anchor : anchors) {
            bundle.append('\n').append(java.nio.file.Files.readString(anchor));
        }
        java.nio.file.Path file = settings.dataDir().resolve("client-trust.pem");
        java.nio.file.Files.createDirectories(settings.dataDir());
        java.nio.file.Files.writeString(file, bundle);
        return file;
    }

    private static void addNodeQueues(Configuration config, String node, int maxDeliveries) {
        for (String queue : new String[] {BusAddresses.inbox(node), BusAddresses.receipts(node),
                BusAddresses.deadLetter(node), BusAddresses.expired(node)}) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        AddressSettings perNode = new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(BusAddresses.deadLetter(node)))
                .setExpiryAddress(SimpleString.of(BusAddresses.expired(node)))
                .setMaxDeliveryAttempts(maxDeliveries)
                .setRedeliveryDelay(500).setRedeliveryMultiplier(2).setMaxRedeliveryDelay(30_000)
                .setAutoCreateAddresses(false).setAutoCreateQueues(false);
        config.addAddressSetting(BusAddresses.inbox(node), perNode);
        config.addAddressSetting(BusAddresses.receipts(node), perNode);
        // Dead letters and expired messages stay where they are until the node reads them: never moved on, never expire.
        for (String terminal : new String[] {BusAddresses.deadLetter(node), BusAddresses.expired(node)}) {
            config.addAddressSetting(terminal, new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(terminal)).setExpiryAddress(SimpleString.of(terminal))
                    .setMaxDeliveryAttempts(-1).setAutoCreateAddresses(false).setAutoCreateQueues(false));
        }
    }

    /** Checked before starting so a taken port is one plain sentence, not Artemis' logged stack trace. */
    private static int requireFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the acceptor binds: a port in TIME_WAIT after a restart is free
            socket.bind(new java.net.InetSocketAddress(host, port));
            return port;
        } catch (IOException e) {
            throw portInUse(host, port);
        }
    }

    private static IllegalStateException portInUse(String host, int port) {
        return new IllegalStateException("the broker cannot listen on " + host + ":" + port
                + " (in use, or not an address of this machine); choose another port, or 0 for a free one");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String host() {
        return settings.host();
    }

    @Override
    public boolean embedded() {
        return true;
    }

    /** The authoritative case participants (changed only through the case control address). */
    public CaseParticipants cases() {
        return cases;
    }

    @Override
    public boolean isUp() {
        return server.isActive();
    }

    public ActiveMQServer server() {
        return server;
    }

    @Override
    public ActiveMQConnectionFactory connectionFactory(ProtectedKeyStore nodeKeys) {
        return BrokerTransport.factory(settings.host(), port, nodeKeys, new PkiLayout(settings.pkiDir()).caCertificate());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
