package eu.bus.witnessing;

import eu.bus.exchange.InboundWire;
import eu.bus.exchange.NodeEndpoints;
import org.apache.camel.builder.RouteBuilder;

/**
 * One node's witnessing routes: {@code witness-NODE} answers the checkpoints other nodes ask it to cosign;
 * {@code cosignatures-NODE} takes its witnesses' answers to the node's own requests. Neither fails on what a
 * message holds (a bad request gets a 400 answer, a stray answer is dropped); a broker failure rolls back.
 */
final class WitnessRoutes extends RouteBuilder {

    private final NodeEndpoints endpoints;
    private final NodeWitness witness;
    private final WitnessAnswers answers;

    WitnessRoutes(NodeEndpoints endpoints, NodeWitness witness, WitnessAnswers answers) {
        this.endpoints = endpoints;
        this.witness = witness;
        this.answers = answers;
    }

    static String witnessRouteId(String node) {
        return "witness-" + node;
    }

    static String cosignaturesRouteId(String node) {
        return "cosignatures-" + node;
    }

    @Override
    public void configure() {
        String node = endpoints.node();
        from(endpoints.witness()).routeId(witnessRouteId(node))
                .process(exchange -> witness.answer(InboundWire.raw(exchange))).id("cosign-" + node);
        from(endpoints.cosignatures()).routeId(cosignaturesRouteId(node))
                .process(exchange -> answers.accept(InboundWire.raw(exchange))).id("take-cosignature-" + node);
    }
}
