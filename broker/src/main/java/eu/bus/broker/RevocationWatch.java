package eu.bus.broker;

import eu.bus.keys.CertificateNames;
import eu.bus.keys.CertificateRejectedException;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeTrust;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.utils.CertificateUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes broker connections whose client certificate no longer speaks for its node. A node is
 * authenticated once, when it connects; without this a node revoked (or expired, or rotated) while
 * connected would keep consuming and sending until it happened to reconnect. Every sweep re-checks each
 * connection's certificate as a login would ({@link NodeTrust}: the current CRL from {@code pki/crl.pem}
 * and the certificate the current {@code pki/registry.json} pins); a failed connection cannot come back,
 * because the next login is refused.
 */
public final class RevocationWatch {

    /** How soon a revocation takes effect on open connections; a sweep costs microseconds per connection. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(RevocationWatch.class);

    private final ActiveMQServer server;
    private final NodeTrust trust;
    private final Clock clock;

    private RevocationWatch(ActiveMQServer server, NodeTrust trust, Clock clock) {
        this.server = server;
        this.trust = trust;
        this.clock = clock;
    }

    /** Sweeps on the broker's own scheduler, so it stops with the broker. */
    public static void start(ActiveMQServer server, NodeTrust trust, Clock clock, Duration interval) {
        RevocationWatch watch = new RevocationWatch(server, trust, clock);
        long millis = interval.toMillis();
        server.getScheduledPool().scheduleWithFixedDelay(watch::sweepSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Fails every connection whose certificate no longer validates or is no longer the registered one; returns how many. */
    int sweep() {
        int closed = 0;
        for (RemotingConnection connection : server.getRemotingService().getConnections()) {
            X509Certificate[] chain = CertificateUtil.getCertsFromConnection(connection);
            if (chain == null || chain.length == 0) {
                continue; // no certificate: such a connection cannot log in, so it holds no access
            }
            java.util.Optional<String> site = SiteLinks.siteOf(chain[0]);
            try {
                if (site.isPresent()) {
                    SiteLinks.validate(trust, chain[0], site.get(), clock.instant()); // another site's link
                } else {
                    trust.authenticate(chain[0], KeyPurpose.SIGNING, clock.instant());
                }
            } catch (CertificateRejectedException e) {
                String node = site.map(SiteLinks::identity).orElseGet(() -> CertificateNames.nodeIdOf(chain[0]));
                LOG.warn("closing the connection of {} from {}: {}", node, connection.getRemoteAddress(), e.getMessage());
                connection.fail(new ActiveMQSecurityException("the certificate of " + node + " is no longer valid ("
                        + e.getMessage() + "); the broker closed its connection"));
                closed++;
            }
        }
        return closed;
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.error("the revocation sweep failed; it runs again at the next interval", e); // never stop the schedule
        }
    }
}
