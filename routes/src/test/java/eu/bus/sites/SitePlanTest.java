package eu.bus.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SitePlanTest {

    final SitePlan plan = SitePlan.of(List.of("NL-NMT", "NL-ENU", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST"),
            List.of("EUROPOL", "EUROJUST"));

    @Test
    void shouldPlaceEachNodeAtItsCountryOrItsOwnSite() {
        assertEquals(List.of("NL", "BE", "EUROPOL", "EUROJUST"), plan.sites().stream().map(SitePlan.Site::name).toList());
        assertEquals("BE", plan.siteOf("BE-ENU"));
        assertEquals("EUROJUST", plan.siteOf("EUROJUST"));
    }

    @Test
    void shouldLinkMemberStatesToTheHubsOnlyAndTheHubsToEverySite() {
        assertEquals(List.of("EUROPOL", "EUROJUST"), plan.links("NL"), "no direct link between member states");
        assertEquals(List.of("EUROPOL", "EUROJUST"), plan.via("BE"), "the first hub carries what no link does");
        assertEquals(List.of("NL", "BE", "EUROJUST"), plan.links("EUROPOL"));
        assertEquals(List.of(), plan.via("EUROPOL"), "a hub reaches every site directly");
    }

    @Test
    void shouldRunEveryNodeOnTheBusBrokerInTheOneBrokerPlan() {
        SitePlan one = SitePlan.oneBroker(List.of("NL-NMT", "BE-NMT"));
        assertEquals(1, one.sites().size());
        assertEquals("bus-broker", one.identity(SitePlan.ONE));
        assertEquals(List.of(), one.links(SitePlan.ONE));
        assertEquals("site-nl", plan.identity("NL"));
    }

    @Test
    void shouldRefuseAHubWithNoNodeAndNameAMissingDistributionWithTheFix() {
        IllegalArgumentException noHub = assertThrows(IllegalArgumentException.class,
                () -> SitePlan.of(List.of("NL-NMT", "BE-NMT"), List.of("EUROPOL")));
        assertTrue(noHub.getMessage().contains("hub EUROPOL is no site"), noHub.getMessage());
        IllegalArgumentException noArtemis = assertThrows(IllegalArgumentException.class,
                () -> ArtemisDistribution.locate(java.nio.file.Path.of("/nonexistent/artemis")));
        assertTrue(noArtemis.getMessage().contains("--artemis-home") && noArtemis.getMessage().contains("mvn"),
                noArtemis.getMessage());
    }
}
