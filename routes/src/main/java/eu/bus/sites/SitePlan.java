package eu.bus.sites;

import eu.bus.keys.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which sites there are, which nodes run at each, and how they link: every member-state site links to every hub and
 * reaches the other member states through the first hub; a hub links to every other site. (The registry places a
 * node at its country, or at its own site for an agency: {@link NodeId#defaultSiteOf}.)
 */
public record SitePlan(List<Site> sites, List<String> hubs, boolean oneBroker) {

    public record Site(String name, List<String> nodes) {
    }

    /** The name of the one site of {@link #oneBroker(List)}. */
    public static final String ONE = "ONE";

    public SitePlan {
        sites = List.copyOf(sites);
        hubs = List.copyOf(hubs);
    }

    /** Every node on one broker (the bus broker's identity, no links): the single-broker baseline of a benchmark. */
    public static SitePlan oneBroker(List<String> nodes) {
        return new SitePlan(List.of(new Site(ONE, List.copyOf(nodes))), List.of(), true);
    }

    /** The nodes, each at its default site; {@code hubs} the sites that relay (e.g. EUROPOL, EUROJUST). */
    public static SitePlan of(List<String> nodes, List<String> hubs) {
        Map<String, List<String>> bySite = new LinkedHashMap<>();
        nodes.forEach(node -> bySite.computeIfAbsent(NodeId.defaultSiteOf(node), s -> new ArrayList<>()).add(node));
        for (String hub : hubs) {
            if (!bySite.containsKey(hub)) {
                throw new IllegalArgumentException("hub " + hub + " is no site of the nodes " + nodes);
            }
        }
        return new SitePlan(bySite.entrySet().stream().map(e -> new Site(e.getKey(), List.copyOf(e.getValue()))).toList(), hubs,
                false);
    }

    /** The TLS identity of a site's broker: site-nl, or the bus broker's for {@link #oneBroker(List)}. */
    public String identity(String site) {
        return oneBroker ? eu.bus.keys.ServerCertificates.BROKER : eu.bus.broker.SiteLinks.identity(site);
    }

    public boolean isHub(String site) {
        return hubs.contains(site);
    }

    /** The sites {@code site}'s broker links to. */
    public List<String> links(String site) {
        return sites.stream().map(Site::name).filter(other -> !other.equals(site) && (isHub(site) || isHub(other))).toList();
    }

    /** The hubs a member-state site routes through (the first carries what no direct link does); none for a hub. */
    public List<String> via(String site) {
        return isHub(site) ? List.of() : hubs;
    }

    public List<String> nodes() {
        return sites.stream().flatMap(s -> s.nodes().stream()).toList();
    }

    public String siteOf(String node) {
        return sites.stream().filter(s -> s.nodes().contains(node)).map(Site::name).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(node + " is at no site of this plan"));
    }
}
