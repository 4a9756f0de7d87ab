package eu.bus.broker;

import eu.bus.keys.ServerCertificates;
import java.nio.file.Path;

/**
 * How to run the bus broker, embedded in the nodes' process or on its own ({@code bus broker}).
 *
 * @param name            broker name: its TLS key store is {@code pki/servers/NAME/tls.p12} (also the certificate's CN)
 * @param dataDir         journal, bindings, paging, large messages and the case participants file
 * @param pkiDir          the bus PKI (CA certificate, CRL, registry, broker key store; never the CA's key)
 * @param host            listen address; the default binds loopback only
 * @param port            TLS acceptor port; 0 picks a free one
 * @param maxDeliveries   failed deliveries before a message goes to the node's dead-letter queue
 * @param duplicateIdCacheSize message ids remembered per address for duplicate detection; must exceed
 *                        the number of messages any sender could resend
 * @param limits          the largest message the broker stores (the one configured message limit)
 * @param caseLimits      how many cases a node may lead and how often it may change cases
 * @param extraClientProperties message properties a client may set besides the bus's own: empty, except
 *                        for a benchmark whose raw client (Artemis' perf client) stamps its messages
 * @param disk            when the broker stops storing messages for lack of disk space
 * @param hubs            linked sites that relay (a hub such as EUROPOL): their links may hand over messages of nodes
 *                        at any other site, not only their own ({@link SiteLinks}); empty for a broker that links nowhere
 */
public record BrokerSettings(String name, Path dataDir, Path pkiDir, String host, int port,
                             int maxDeliveries, int duplicateIdCacheSize, WireLimits limits, CaseAuthority.Limits caseLimits,
                             java.util.Set<String> extraClientProperties, DiskLimits disk, java.util.Set<String> hubs) {

    public BrokerSettings {
        extraClientProperties = java.util.Set.copyOf(extraClientProperties);
        hubs = java.util.Set.copyOf(hubs);
    }

    public static final int DEFAULT_PORT = 61617;
    /** Deliveries of one message before the broker dead-letters it; the gateways dead-letter on the last one. */
    public static final int DEFAULT_MAX_DELIVERIES = 5;

    public static BrokerSettings defaults(Path dataDir, Path pkiDir) {
        return new BrokerSettings(ServerCertificates.BROKER, dataDir, pkiDir, "127.0.0.1", DEFAULT_PORT,
                DEFAULT_MAX_DELIVERIES, 100_000, WireLimits.defaults(), CaseAuthority.Limits.DEFAULT, java.util.Set.of(),
                DiskLimits.DEFAULT, java.util.Set.of());
    }

    /**
     * The site this broker serves, read from its identity (site-nl: NL); empty for the embedded broker and any broker
     * that is no site's ({@code bus site init} without {@code --site}), where every node is local.
     */
    public java.util.Optional<String> site() {
        return SiteLinks.siteOfUser(name);
    }

    /** Another TLS identity (a site's broker: site-nl). */
    public BrokerSettings withName(String newName) {
        return new BrokerSettings(newName, dataDir, pkiDir, host, port, maxDeliveries, duplicateIdCacheSize, limits, caseLimits,
                extraClientProperties, disk, hubs);
    }

    public BrokerSettings withPort(int newPort) {
        return new BrokerSettings(name, dataDir, pkiDir, host, newPort, maxDeliveries, duplicateIdCacheSize, limits, caseLimits,
                extraClientProperties, disk, hubs);
    }

    public BrokerSettings withHost(String newHost) {
        return new BrokerSettings(name, dataDir, pkiDir, newHost, port, maxDeliveries, duplicateIdCacheSize, limits, caseLimits,
                extraClientProperties, disk, hubs);
    }

    public BrokerSettings withLimits(WireLimits newLimits) {
        return new BrokerSettings(name, dataDir, pkiDir, host, port, maxDeliveries, duplicateIdCacheSize, newLimits, caseLimits,
                extraClientProperties, disk, hubs);
    }

    public BrokerSettings withCaseLimits(CaseAuthority.Limits newLimits) {
        return new BrokerSettings(name, dataDir, pkiDir, host, port, maxDeliveries, duplicateIdCacheSize, limits, newLimits,
                extraClientProperties, disk, hubs);
    }

    /** Lets a client set these properties too (benchmarks only: see {@link #extraClientProperties()}). */
    public BrokerSettings withExtraClientProperties(java.util.Set<String> properties) {
        return new BrokerSettings(name, dataDir, pkiDir, host, port, maxDeliveries, duplicateIdCacheSize, limits, caseLimits,
                properties, disk, hubs);
    }

    public BrokerSettings withDisk(DiskLimits newDisk) {
        return new BrokerSettings(name, dataDir, pkiDir, host, port, maxDeliveries, duplicateIdCacheSize, limits, caseLimits,
                extraClientProperties, newDisk, hubs);
    }

    /** The linked sites that relay for others ({@code bus site init --via}). */
    public BrokerSettings withHubs(java.util.Set<String> newHubs) {
        return new BrokerSettings(name, dataDir, pkiDir, host, port, maxDeliveries, duplicateIdCacheSize, limits, caseLimits,
                extraClientProperties, disk, newHubs);
    }
}
