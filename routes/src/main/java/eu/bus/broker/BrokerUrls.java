package eu.bus.broker;

import eu.bus.keys.DevPki;
import java.nio.file.Path;

/** Artemis core URLs for nodes: TLS 1.3, client certificate from the node's PKCS#12. */
public final class BrokerUrls {

    /**
     * A node outlives a broker restart: its connections retry for ever (0.5 s, doubling up to 5 s) and
     * recreate their sessions and consumers on the restarted broker; a call made meanwhile waits up to
     * 30 s (Artemis' call-failover timeout) and then fails. The first connection is tried once, so a
     * wrong address fails at start-up.
     */
    static final String RECONNECT = "&reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=2&maxRetryInterval=5000";

    /**
     * Nothing the bus reads is a Java object: every connection factory refuses to deserialize any
     * class, a second wall behind the gateways reading only BytesMessages.
     */
    static final String NO_DESERIALIZATION = "&deserializationDenyList=*";

    private BrokerUrls() {
    }

    public static String tls(String host, int port, Path keyStore, Path trustStore) {
        return "tcp://" + host + ":" + port
                + "?sslEnabled=true&enabledProtocols=TLSv1.3"
                + "&keyStoreType=PKCS12&keyStorePath=" + keyStore.toAbsolutePath()
                + "&keyStorePassword=" + DevPki.DEV_PKCS12_PASSWORD
                + "&trustStoreType=PKCS12&trustStorePath=" + trustStore.toAbsolutePath()
                + "&trustStorePassword=" + DevPki.DEV_PKCS12_PASSWORD
                + NO_DESERIALIZATION;
    }

    /** A {@link #tls} URL for a node gateway: it reconnects after the broker restarts ({@link #RECONNECT}). */
    public static String reconnecting(String tlsUrl) {
        return tlsUrl + RECONNECT;
    }
}
