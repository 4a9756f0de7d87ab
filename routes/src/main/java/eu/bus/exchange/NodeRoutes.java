package eu.bus.exchange;

import eu.bus.broker.BrokerSettings;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * One node's routes. Logic lives in the services; the routes only connect entry points, the
 * broker and the case system, and say what happens on failure:
 * <ul>
 *   <li>{@code submit-NODE}: a message document in, its id out (REST, CLI and drop directory all call it);</li>
 *   <li>{@code outbox-NODE}: sends from the node's durable outbox what the broker did not take at submission;</li>
 *   <li>{@code drop-NODE}: the drop directory ({@link DropDirectory}) polled on a timer; done/, or failed/ with a .error file beside the message;</li>
 *   <li>{@code inbox-NODE} and {@code case-NODE-ID}: receive, open, deliver, receipt, forward;</li>
 *   <li>{@code receipts-NODE}: signed receipts for what this node sent.</li>
 * </ul>
 * A message that can never be accepted goes to the node's dead-letter queue at once with its reason;
 * anything else that fails rolls back, and the broker redelivers with back-off, then dead-letters.
 */
public final class NodeRoutes extends RouteBuilder {

    /** How often the drop directory is looked at; a file is taken on the second look that finds it unchanged. */
    static final long DROP_POLL_MILLIS = 250;
    /** How often the outbox is looked at for messages the broker has not taken (it backs off while the broker is away). */
    static final long OUTBOX_POLL_MILLIS = 1000;

    private final NodeGateway gateway;

    public NodeRoutes(NodeGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void configure() {
        NodeEndpoints endpoints = gateway.endpoints();
        String node = gateway.node();

        // Submission errors belong to the caller (REST answer, CLI exit code, .error file), not to a retry loop.
        from(endpoints.submit()).routeId("submit-" + node)
                .errorHandler(noErrorHandler())
                .process(gateway::accept).id("protect-" + node)
                .to(endpoints.send()).id("dispatch-" + node);

        from(endpoints.send()).routeId("send-" + node)
                .errorHandler(noErrorHandler())
                .process(gateway::send).id("send-to-broker-" + node);

        // The drop directory: the logic and its failure handling are in DropDirectory; the timer runs one poll at a time.
        DropDirectory drop = new DropDirectory(gateway.layout().outbox(node), gateway.dropSubmission());
        from("timer:drop-" + node + "?delay=100&period=" + DROP_POLL_MILLIS).routeId("drop-" + node)
                .process(exchange -> drop.poll()).id("poll-outbox-" + node);

        // The durable outbox: what the broker has not taken yet (it was away) is sent from here; one pass at a time.
        from("timer:outbox-" + node + "?delay=1000&period=" + OUTBOX_POLL_MILLIS).routeId("outbox-" + node)
                .process(gateway::sendOutbox).id("send-outbox-" + node);

        from(endpoints.inbox()).routeId("inbox-" + node)
                .onException(ReceptionRejectedException.class).handled(true)
                    .process(gateway::deadLetter).id("dead-letter-" + node)
                .end()
                .onException(Exception.class).onWhen(NodeRoutes::lastDelivery).handled(true)
                    .process(gateway::deadLetter).id("dead-letter-exhausted-" + node)
                .end()
                .process(gateway::receive).id("open-" + node)
                .process(gateway::deliver).id("deliver-" + node)
                .process(gateway::afterDelivery).id("receipt-and-forward-" + node)
                .process(gateway::markProcessed).id("mark-processed-" + node);

        from(endpoints.receipts()).routeId("receipts-" + node)
                .onException(ReceptionRejectedException.class).handled(true)
                    .process(gateway::deadLetter).id("dead-letter-receipt-" + node)
                .end()
                .onException(Exception.class).onWhen(NodeRoutes::lastDelivery).handled(true)
                    .process(gateway::deadLetter).id("dead-letter-receipt-exhausted-" + node)
                .end()
                .process(gateway::receive).id("open-receipt-" + node)
                .process(gateway::receipted).id("record-receipt-" + node)
                .process(gateway::markProcessed).id("mark-receipt-processed-" + node);
    }

    /**
     * True on the broker's last delivery attempt of a message that keeps failing: the node then
     * dead-letters it itself, with the reason and an audit record, instead of rolling back once more
     * and letting the broker move it silently.
     */
    static boolean lastDelivery(Exchange exchange) {
        Integer attempt = exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class);
        return attempt != null && attempt >= BrokerSettings.DEFAULT_MAX_DELIVERIES;
    }

    static String caseRouteId(String node, String caseId) {
        return "case-" + node + "-" + caseId;
    }

    /** A route following one case topic; added when the node learns it is a participant. */
    public static RouteBuilder caseSubscription(NodeGateway gateway, String caseId) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // A subscription queue has no per-node dead-letter address at the broker, so transient failures
                // are retried here with back-off and then dead-lettered to the node's own queue like rejections.
                from(gateway.endpoints().caseTopic(caseId)).routeId(caseRouteId(gateway.node(), caseId))
                        .onException(ReceptionRejectedException.class).handled(true)
                            .process(gateway::deadLetter)
                        .end()
                        .onException(Exception.class).handled(true)
                            .maximumRedeliveries(4).redeliveryDelay(500).backOffMultiplier(2).useExponentialBackOff()
                            .process(gateway::deadLetter)
                        .end()
                        .process(gateway::receive)
                        .process(gateway::deliver)
                        .process(gateway::afterDelivery)
                        .process(gateway::markProcessed);
            }
        };
    }
}
