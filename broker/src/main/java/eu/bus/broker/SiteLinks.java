package eu.bus.broker;

import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.keys.RegisteredNode;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.BridgeConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * Links between sites: each site's broker carries its nodes' messages for the nodes of another site over an Artemis
 * core bridge, with its own identity. A site's identity is the TLS certificate of its broker ({@code bus keys tls
 * site-nl}: CN {@code site-nl}, issued by the bus CA), which it presents as a client when it links; the receiving
 * broker logs it in as that site (never as the cluster user, for which Artemis skips every permission check) and
 * takes from it only messages for its own nodes' queues that take from others (inbox, receipts, witness), sent by
 * nodes the registry places at
 * the linking site.
 * <p>
 * For every node of a remote site, the local broker has those queues of that node as durable queues of
 * its own, where messages wait while the link is down, and one bridge per queue forwards them to the same address
 * at the node's site, or at a hub's site when there is no direct link (the hub's broker has the same queues for the
 * sites it links to, so it passes them on) (a core bridge forwards to one fixed address: a single queue per site would
 * need the addresses rewritten on arrival). Duplicate detection on, reconnect forever with back-off, a confirmation
 * window below the queues' page size, and no producer flow control on the bridge: ARTEMIS-5733 (fixed after 2.44.0)
 * is a bridge's asynchronous producer credits reaching exactly zero with none on the way, after which it never asks
 * for more and stops for good; without a producer window those credits are not used at all, and the target pages
 * instead of blocking, so nothing is lost by it.
 */
public final class SiteLinks {

    /** The common-name prefix of a site's broker certificate. */
    public static final String PREFIX = "site-";
    /** Bytes the bridge sends before waiting for confirmation: well below {@link #PAGE_SIZE}. */
    static final int CONFIRMATION_WINDOW = 1 << 20;
    /** The bridge's producer window: none, so the credit accounting of ARTEMIS-5733 is never used. */
    static final int NO_PRODUCER_FLOW_CONTROL = -1;
    /** Above this a queue waiting for a link pages to disk instead of growing in memory. */
    static final long PAGE_SIZE = 10L << 20;

    private SiteLinks() {
    }

    /** The broker (and link) identity of a site, e.g. site-nl: a TLS server name. */
    public static String identity(String site) {
        return PREFIX + site.toLowerCase(Locale.ROOT);
    }

    /** The site a bus-issued broker certificate speaks for, if it is one (OU=SERVER, CN=site-...). */
    static Optional<String> siteOf(X509Certificate certificate) {
        String dn = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        if (!dn.contains("OU=SERVER")) {
            return Optional.empty();
        }
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=" + PREFIX) && part.length() > 3 + PREFIX.length()) {
                return Optional.of(part.substring(3 + PREFIX.length()).toUpperCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a site's broker certificate: issued by the bus CA itself (not an agency's CA), valid now, not revoked,
     * for a site the registry places nodes at. Returns the site.
     */
    static String validate(eu.bus.keys.NodeTrust trust, X509Certificate certificate, String site, java.time.Instant at) {
        if (!certificate.getIssuerX500Principal().equals(trust.busTrust().caCertificate().getSubjectX500Principal())) {
            throw new eu.bus.keys.UntrustedCertificateException("the link certificate of site " + site
                    + " must be issued by the bus CA");
        }
        trust.busTrust().validate(certificate, eu.bus.keys.KeyPurpose.SIGNING, at);
        if (trust.registry().current().nodes().stream().noneMatch(n -> n.site().equalsIgnoreCase(site))) {
            throw new eu.bus.keys.UntrustedCertificateException("no node of the registry is at site " + site);
        }
        return site;
    }

    /** The site named by a link's user (its identity), if the user is a link. */
    static Optional<String> siteOfUser(String user) {
        return user != null && user.startsWith(PREFIX) ? Optional.of(user.substring(PREFIX.length()).toUpperCase(Locale.ROOT))
                : Optional.empty();
    }

    /** Where another site's broker listens. */
    public record Remote(String site, String host, int port) {
    }

    /**
     * Adds to {@code config} (the broker of {@code site}) the queues, connectors and bridges that carry messages to
     * the nodes of other sites: over the direct link to a node's site where there is one, otherwise through the first
     * hub of {@code via} (a member state reaches another member state through Europol's site, which links to both).
     * The link's key-store password is left as {@code ${VARIABLE}}, which Artemis substitutes from the environment
     * when it loads broker.xml.
     *
     * @param via linked sites that relay (hubs), the first of which carries what no direct link does
     * @return the sites of the registry this broker cannot reach (no direct link and no hub)
     */
    public static java.util.SortedSet<String> addTo(Configuration config, BrokerSettings settings, String site,
                                                    List<Remote> remotes, List<String> via, List<RegisteredNode> registry) {
        java.util.SortedSet<String> unreachable = new java.util.TreeSet<>();
        if (remotes.isEmpty()) {
            registry.stream().map(RegisteredNode::site).filter(s -> !s.equalsIgnoreCase(site)).forEach(unreachable::add);
            return unreachable;
        }
        String identity = identity(site);
        ProtectedKeyStore keys = ProtectedKeyStore.ofServer(settings.pkiDir(), identity);
        java.util.Map<String, String> connectors = new java.util.HashMap<>();
        for (Remote remote : remotes) {
            String connector = "to-" + remote.site().toLowerCase(Locale.ROOT);
            config.addConnectorConfiguration(connector, BrokerTransport.connector(remote.host(), remote.port(), keys.file(),
                    "${" + KeyStorePasswords.variableFor(identity) + "}", new PkiLayout(settings.pkiDir()).caCertificate()));
            connectors.put(remote.site().toUpperCase(Locale.ROOT), connector);
        }
        String hub = via.isEmpty() ? null : connectors.get(via.get(0).toUpperCase(Locale.ROOT));
        for (RegisteredNode node : registry) {
            String nodeSite = node.site().toUpperCase(Locale.ROOT);
            if (nodeSite.equalsIgnoreCase(site)) {
                continue;
            }
            String connector = connectors.getOrDefault(nodeSite, hub);
            if (connector == null) {
                unreachable.add(nodeSite);
                continue;
            }
            for (String address : BusAddresses.fromOthers(node.id())) {
                addWaitingQueue(config, address);
                config.getBridgeConfigurations().add(new BridgeConfiguration().setName(address + "-to-" + connector.substring(3))
                        .setQueueName(address).setForwardingAddress(address)
                        .setStaticConnectors(List.of(connector))
                        .setUseDuplicateDetection(true)
                        .setReconnectAttempts(-1).setInitialConnectAttempts(-1)
                        .setRetryInterval(1000).setRetryIntervalMultiplier(2.0).setMaxRetryInterval(30_000)
                        .setConfirmationWindowSize(CONFIRMATION_WINDOW)
                        .setProducerWindowSize(NO_PRODUCER_FLOW_CONTROL)
                        .setUser(identity).setPassword("certificate"));
            }
        }
        return unreachable;
    }

    /** A durable queue where a remote node's messages wait for the link, paging to disk beyond {@link #PAGE_SIZE}. */
    private static void addWaitingQueue(Configuration config, String address) {
        config.addQueueConfiguration(QueueConfiguration.of(address).setAddress(address)
                .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        config.addAddressSetting(address, new AddressSettings().setMaxSizeBytes(PAGE_SIZE)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of(address))
                .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of(address))
                .setMaxDeliveryAttempts(-1)
                .setAutoCreateAddresses(false).setAutoCreateQueues(false));
    }
}
