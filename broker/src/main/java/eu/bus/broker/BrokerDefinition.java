package eu.bus.broker;

import eu.bus.keys.NodeRegistry;
import eu.bus.keys.RegisteredNode;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * What a bus broker is configured with, apart from its acceptor and the bus's own logic ({@link BrokerCore}):
 * persistent journal, security on with no caches, duplicate detection with a persisted id cache, disk limits, a
 * dead-letter and expiry queue per node, the case control address and the case topics' settings. The embedded
 * broker runs this {@link Configuration}; {@link SiteBrokerXml} renders the same object as a stock broker's
 * broker.xml, so both brokers are one definition.
 */
public final class BrokerDefinition {

    private BrokerDefinition() {
    }

    /** The configuration for the registry's nodes; the caller adds the acceptor. */
    public static Configuration of(BrokerSettings settings, NodeRegistry registry) {
        return of(settings, registry.nodes());
    }

    /** The configuration for these nodes (the nodes of one site, say); the caller adds the acceptor. */
    public static Configuration of(BrokerSettings settings, java.util.Collection<RegisteredNode> nodes) {
        Configuration config = new ConfigurationImpl()
                .setName(settings.name())
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalPoolFiles(10) // a fixed value, as Artemis asks (ARTEMIS-1628)
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
        // The control address exists (so a send to it is valid) but has no queue: case changes are acted on, never stored.
        config.addAddressConfiguration(new CoreAddressConfiguration().setName(BusAddresses.CASE_CONTROL)
                .addRoutingType(RoutingType.MULTICAST));
        for (RegisteredNode node : nodes) {
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
        return config;
    }

    private static void addNodeQueues(Configuration config, String node, int maxDeliveries) {
        List<String> queues = new ArrayList<>(BusAddresses.fromOthers(node));
        queues.add(BusAddresses.deadLetter(node));
        queues.add(BusAddresses.expired(node));
        queues.add(BusAddresses.replay(node));
        for (String queue : queues) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        AddressSettings perNode = new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(BusAddresses.deadLetter(node)))
                .setExpiryAddress(SimpleString.of(BusAddresses.expired(node)))
                .setMaxDeliveryAttempts(maxDeliveries)
                .setRedeliveryDelay(500).setRedeliveryMultiplier(2).setMaxRedeliveryDelay(30_000)
                .setAutoCreateAddresses(false).setAutoCreateQueues(false)
                // A node that is down for long gathers a backlog: beyond this the broker pages it to disk instead of
                // holding it in memory (Artemis' default waits for half the broker's heap before paging anything).
                .setMaxSizeBytes(SiteLinks.PAGE_SIZE).setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE);
        for (String queue : BusAddresses.fromOthers(node)) {
            config.addAddressSetting(queue, perNode);
        }
        // Dead letters, expired and replayed messages stay where they are until the node reads them: never moved on,
        // never expire.
        for (String terminal : new String[] {BusAddresses.deadLetter(node), BusAddresses.expired(node), BusAddresses.replay(node)}) {
            config.addAddressSetting(terminal, new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(terminal)).setExpiryAddress(SimpleString.of(terminal))
                    .setMaxDeliveryAttempts(-1).setAutoCreateAddresses(false).setAutoCreateQueues(false));
        }
    }
}
