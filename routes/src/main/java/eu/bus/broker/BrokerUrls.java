package eu.bus.broker;

import eu.bus.keys.DevPki;
import java.nio.file.Path;

/** Artemis core URLs for nodes: TLS 1.3, client certificate from the node's PKCS#12. */
public final class BrokerUrls {

    private BrokerUrls() {
    }

    public static String tls(String host, int port, Path keyStore, Path trustStore) {
        return "tcp://" + host + ":" + port
                + "?sslEnabled=true&enabledProtocols=TLSv1.3"
                + "&keyStoreType=PKCS12&keyStorePath=" + keyStore.toAbsolutePath()
                + "&keyStorePassword=" + DevPki.DEV_PKCS12_PASSWORD
                + "&trustStoreType=PKCS12&trustStorePath=" + trustStore.toAbsolutePath()
                + "&trustStorePassword=" + DevPki.DEV_PKCS12_PASSWORD;
    }
}
