package eu.bus.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.client.impl.AsynchronousProducerCreditsImpl;
import org.apache.activemq.artemis.core.client.impl.ClientProducerFlowCallback;
import org.apache.activemq.artemis.core.client.impl.ClientSessionInternal;
import org.junit.jupiter.api.Test;

/**
 * Why the links run without producer flow control (docs/SITES.md, ARTEMIS-5733): in the Artemis client the bus
 * ships, a core bridge's asynchronous producer credits whose balance lands exactly on zero, with no credits on their
 * way, ask for no more, so the bridge waits for ever. This is the upstream fix's own case, against our version: when
 * it fails, the client is fixed, and {@link SiteLinks#NO_PRODUCER_FLOW_CONTROL} may go (say so in SITES.md).
 */
class BridgeCreditsBugTest {

    @Test
    void shouldShowThatTheShippedClientAsksForNoCreditsAtAZeroBalance() {
        List<Integer> requested = new ArrayList<>();
        ClientSessionInternal session = (ClientSessionInternal) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ClientSessionInternal.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendProducerCreditsMessage")) {
                        requested.add((Integer) args[0]);
                    }
                    return method.getReturnType() == boolean.class ? false : method.getReturnType() == int.class ? 0 : null;
                });
        ClientProducerFlowCallback callback = (ClientProducerFlowCallback) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ClientProducerFlowCallback.class}, (proxy, method, args) -> null);

        AsynchronousProducerCreditsImpl credits = new AsynchronousProducerCreditsImpl(session, SimpleString.of("bus.BE-NMT.inbox"),
                0, callback);
        credits.receiveCredits(0); // balance 0, nothing arriving: a fixed client asks again here

        assertEquals(List.of(), requested, "Artemis " + org.apache.activemq.artemis.utils.VersionLoader.getVersion()
                .getFullVersion() + " asks for credits at a zero balance: ARTEMIS-5733 is fixed in it");
    }
}
