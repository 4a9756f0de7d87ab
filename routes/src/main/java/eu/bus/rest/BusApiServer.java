package eu.bus.rest;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import eu.bus.exchange.BusNetwork;
import eu.bus.keys.NodeTrust;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.keys.ServerCertificates;
import eu.bus.validation.ValidationLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST entry point of a running bus: HTTPS on loopback (another address only when configured), TLS 1.3, the server certificate issued
 * by the bus CA beforehand ({@code bus keys}), client certificates wanted (the health and metrics
 * endpoints need none) and, on every {@code /api} request, checked to be the registered certificate of
 * a node, trusted by the bus CA and its CRL ({@link NodeTrust}). See docs/API.md.
 *
 * <p>Why the JDK's {@code com.sun.net.httpserver.HttpsServer} and not a web framework: it needs no
 * new dependency, it does real mutual TLS with our own {@link SSLContext} (so the bus CA, not a
 * framework default, decides), and the client's certificate is directly available from the TLS
 * session of each exchange. Five small endpoints do not need more. Camel's own HTTP components
 * would add Jetty/Undertow/Vert.x and their TLS configuration layers for no gain here.
 */
public final class BusApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BusApiServer.class);

    /** The name of the server's TLS key store, {@code pki/servers/bus-api/tls.p12}, issued by {@code bus keys}. */
    public static final String NAME = ServerCertificates.API;
    public static final String HOST = "127.0.0.1";

    /**
     * @param host         the address to listen on; {@value #HOST} unless configured otherwise (bus node --config)
     * @param port         0 picks a free port
     * @param maxBodyBytes largest message document accepted (the validator's limit by default)
     * @param threads      request handler threads
     */
    public record Settings(String host, int port, long maxBodyBytes, int threads) {

        public Settings {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("the API needs an address to listen on, e.g. " + HOST);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("the API port must be between 0 and 65535, was " + port);
            }
            new eu.bus.broker.WireLimits(maxBodyBytes); // one message limit for the API, the gateways and the broker
            if (threads < 1) {
                throw new IllegalArgumentException("at least one handler thread, was " + threads);
            }
        }

        public static Settings defaults() {
            return new Settings(HOST, 0, ValidationLimits.DEFAULT_MAX_BYTES, 4);
        }

        public Settings withHost(String newHost) {
            return new Settings(newHost, port, maxBodyBytes, threads);
        }

        public Settings withPort(int newPort) {
            return new Settings(host, newPort, maxBodyBytes, threads);
        }

        public Settings withMaxBodyBytes(long limit) {
            return new Settings(host, port, limit, threads);
        }
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final String host;

    private BusApiServer(HttpsServer server, ExecutorService executor, String host) {
        this.server = server;
        this.executor = executor;
        this.host = host;
    }

    /** Starts serving the nodes of {@code network}; the network stays owned by the caller. */
    public static BusApiServer start(BusNetwork network, Settings settings, Clock clock) throws IOException {
        var pki = network.layout().pki();
        SSLContext tls = ServerTls.context(ProtectedKeyStore.ofServer(pki, NAME));
        RequestTimeouts.apply(); // before the JDK server reads its configuration
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("the API address " + settings.host() + " does not resolve; give an IP address"
                    + " of this host, e.g. " + HOST);
        }
        if (!address.getAddress().isLoopbackAddress()) {
            // Not an error: an agency may serve its case system from another host. But it must be a decision.
            LOG.warn("API listens on {} ({}), not only on this host: every client still needs a node certificate of"
                    + " the bus, but the port is reachable from the network", settings.host(), address.getAddress().getHostAddress());
        }
        HttpsServer server = HttpsServer.create(address, 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setProtocols(new String[] {"TLSv1.3"});
                ssl.setWantClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        ExecutorService executor = Executors.newFixedThreadPool(settings.threads(), named());
        server.setExecutor(executor);
        server.createContext("/", new ApiHandler(network, new ClientAuthenticator(NodeTrust.load(pki), pki, clock), settings.maxBodyBytes()));
        server.start();
        LOG.info("API listening on https://{}:{} (a request must arrive within {} s)", settings.host(),
                server.getAddress().getPort(), RequestTimeouts.request().toSeconds());
        return new BusApiServer(server, executor, settings.host());
    }

    public String host() {
        return host;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI baseUri() {
        return URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    private static ThreadFactory named() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "bus-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops accepting, gives running requests a second to finish, then stops. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
