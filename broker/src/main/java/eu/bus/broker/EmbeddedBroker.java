package eu.bus.broker;

import eu.bus.keys.KeyStorePassword;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
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
        BrokerCore core = new BrokerCore(settings.pkiDir(), settings.dataDir(), settings.limits(), settings.caseLimits(),
                settings.extraClientProperties(), settings.hubs(), settings.site(), clock);
        // Before the server is created: a missing TLS key store stops the start with the command that issues it.
        TransportConfiguration acceptor = tlsAcceptor(settings);
        int port = (Integer) acceptor.getParams().get(TransportConstants.PORT_PROP_NAME);
        Configuration config = BrokerDefinition.of(settings, core.trust().registry().current());
        config.addAcceptorConfiguration(acceptor);
        ActiveMQServer server = new ActiveMQServerImpl(config, core.securityManager());
        core.install(server);
        server.start();
        // Artemis logs a failed bind and runs on without the acceptor: a broker nobody can reach.
        if (!server.getRemotingService().getAcceptor("tls").isStarted()) {
            server.stop();
            throw portInUse(settings.host(), port);
        }
        return new EmbeddedBroker(settings, core.cases(), server, port);
    }

    /** The acceptor with the key store's password from the environment or the password file, checked first. */
    private static TransportConfiguration tlsAcceptor(BrokerSettings settings) throws IOException {
        ProtectedKeyStore keyStore = ProtectedKeyStore.ofServer(settings.pkiDir(), settings.name());
        keyStore.load(); // a wrong password is one plain sentence here, not a failed acceptor in Artemis' log
        KeyStorePassword password = keyStore.password();
        int port = settings.port() == 0 ? freePort() : requireFree(settings.host(), settings.port());
        return acceptor(settings, port, new String(password.chars()));
    }

    /**
     * TLS 1.3 with a client certificate required; the server key store from the PKI (issued beforehand, never
     * here) and its password as given (passed in the parameter map, which Artemis masks when it prints a transport
     * configuration; a stock broker's broker.xml gives {@code ${VARIABLE}}). The trust store is {@link #clientTrust}.
     */
    static TransportConfiguration acceptor(BrokerSettings settings, int port, String keyStorePassword) throws IOException {
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, settings.host());
        params.put(TransportConstants.PORT_PROP_NAME, port);
        params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
        params.put(TransportConstants.NEED_CLIENT_AUTH_PROP_NAME, true);
        params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PKCS12");
        params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME,
                ProtectedKeyStore.ofServer(settings.pkiDir(), settings.name()).file().toAbsolutePath().toString());
        params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, keyStorePassword);
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
    static java.nio.file.Path clientTrust(BrokerSettings settings) throws IOException {
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
