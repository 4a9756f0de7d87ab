package eu.bus.broker;

import eu.bus.keys.ProtectedKeyStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.JMSFactoryType;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * How nodes reach the broker: TLS 1.3, the node's signing key store for client authentication, the bus CA
 * ({@code ca.pem}) as the only trust anchor. The parameters go to Artemis as a map, never as a URL: a URL
 * would carry the key-store password as text wherever it is printed or logged, while Artemis masks
 * passwords when it prints a transport configuration.
 */
public final class BrokerTransport {

    /** Artemis reads a PEM file of CA certificates as a trust store (no password: it holds only public certificates). */
    static final String PEM_TRUST_STORE = "PEMCA";

    private BrokerTransport() {
    }

    /** A connector to {@code host:port} as the owner of {@code clientKeys} (null: no client certificate), trusting {@code caCertificate}. */
    public static TransportConfiguration connector(String host, int port, ProtectedKeyStore clientKeys, Path caCertificate) {
        return clientKeys == null ? connector(host, port, null, null, caCertificate)
                : connector(host, port, clientKeys.file(), new String(clientKeys.password().chars()), caCertificate);
    }

    /**
     * The same with the key store named by file and its password given as is: a site's link in broker.xml gives
     * {@code ${VARIABLE}}, which Artemis substitutes when it loads the file.
     */
    static TransportConfiguration connector(String host, int port, Path keyStore, String password, Path caCertificate) {
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, host);
        params.put(TransportConstants.PORT_PROP_NAME, port);
        params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
        params.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, "TLSv1.3");
        if (keyStore != null) {
            params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PKCS12");
            params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, keyStore.toAbsolutePath().toString());
            params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, password);
        }
        params.put(TransportConstants.TRUSTSTORE_TYPE_PROP_NAME, PEM_TRUST_STORE);
        params.put(TransportConstants.TRUSTSTORE_PATH_PROP_NAME, caCertificate.toAbsolutePath().toString());
        return new TransportConfiguration(NettyConnectorFactory.class.getName(), params);
    }

    /**
     * A connection factory for {@link #connector}; the first connection is tried once, so a wrong address fails at
     * once. It refuses to deserialize any class: nothing the bus reads is a Java object, so an ObjectMessage that
     * reached a bus client anyhow is never turned into one (a second wall behind the gateways reading only bytes).
     */
    public static ActiveMQConnectionFactory factory(String host, int port, ProtectedKeyStore clientKeys, Path caCertificate) {
        ActiveMQConnectionFactory factory = ActiveMQJMSClient.createConnectionFactoryWithoutHA(JMSFactoryType.CF,
                connector(host, port, clientKeys, caCertificate));
        factory.setDeserializationDenyList(DENY_EVERY_CLASS);
        return factory;
    }

    /** Artemis' wildcard for "every class". */
    static final String DENY_EVERY_CLASS = "*";

    /**
     * A node outlives a broker restart: its connections retry for ever (0.5 s, doubling up to 5 s) and
     * recreate their sessions and consumers on the restarted broker; a call made meanwhile waits up to
     * 30 s (Artemis' call-failover timeout) and then fails. The first connection is still tried once.
     */
    public static ActiveMQConnectionFactory reconnecting(ActiveMQConnectionFactory factory) {
        factory.setReconnectAttempts(-1);
        factory.setRetryInterval(500);
        factory.setRetryIntervalMultiplier(2);
        factory.setMaxRetryInterval(5000);
        return factory;
    }
}
