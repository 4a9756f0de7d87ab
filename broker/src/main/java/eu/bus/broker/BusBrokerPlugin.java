package eu.bus.broker;

import java.util.Map;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;

/**
 * The bus's broker logic as a stock Artemis loads it from broker.xml ({@code <broker-plugin
 * class-name="eu.bus.broker.BusBrokerPlugin">} with the properties of {@link StockBroker}): when the broker
 * registers it, it installs the same plugins, interceptors and watches the embedded broker has ({@link BrokerCore}).
 */
public final class BusBrokerPlugin implements ActiveMQServerPlugin {

    private Map<String, String> properties = Map.of();

    @Override
    public void init(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
    }

    @Override
    public void registered(ActiveMQServer server) {
        StockBroker.core(properties).install(server);
    }
}
