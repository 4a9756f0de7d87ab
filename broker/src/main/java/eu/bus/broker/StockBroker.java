package eu.bus.broker;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one {@link BrokerCore} of a stock Artemis process, shared by the two places its configuration names the bus:
 * the security manager of bootstrap.xml ({@link BusSecurityManager}) and the broker plugin of broker.xml
 * ({@link BusBrokerPlugin}). Artemis creates each from its class name and hands it its properties; both name the
 * same PKI and data directory, so both get the same core (its case participants, its access policy).
 */
final class StockBroker {

    /** The PKI directory: ca.pem, crl.pem, registry.json, anchors (never the CA's key). */
    static final String PKI = "pki";
    /** Where the case participants are kept (the broker's own data directory). */
    static final String DATA = "data";
    /** The largest message the broker stores, in bytes (default {@link WireLimits#defaults()}). */
    static final String MAX_MESSAGE_BYTES = "max-message-bytes";

    /** The linked sites that relay for others, comma-separated ({@link BrokerSettings#hubs()}); none by default. */
    static final String HUBS = "hubs";

    /** The site this broker serves ({@link BrokerSettings#site()}); absent for a broker that is no site's. */
    static final String SITE = "site";

    private static final Map<String, BrokerCore> CORES = new HashMap<>();

    private StockBroker() {
    }

    static synchronized BrokerCore core(Map<String, String> properties) {
        Path pki = Path.of(require(properties, PKI));
        Path data = Path.of(require(properties, DATA));
        WireLimits limits = properties.containsKey(MAX_MESSAGE_BYTES)
                ? new WireLimits(Long.parseLong(properties.get(MAX_MESSAGE_BYTES))) : WireLimits.defaults();
        Set<String> hubs = hubs(properties.getOrDefault(HUBS, ""));
        java.util.Optional<String> site = java.util.Optional.ofNullable(properties.get(SITE)).filter(s -> !s.isBlank())
                .map(s -> s.trim().toUpperCase(java.util.Locale.ROOT));
        return CORES.computeIfAbsent(pki.toAbsolutePath() + "|" + data.toAbsolutePath(),
                key -> new BrokerCore(pki, data, limits, CaseAuthority.Limits.DEFAULT, Set.of(), hubs, site,
                        Clock.systemUTC()));
    }

    static Set<String> hubs(String listed) {
        return java.util.Arrays.stream(listed.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toUpperCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static String require(Map<String, String> properties, String key) {
        String value = properties == null ? null : properties.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the bus broker needs the property '" + key + "' (see docs/SITES.md);"
                    + " generate the configuration with: bus site init");
        }
        return value;
    }
}
