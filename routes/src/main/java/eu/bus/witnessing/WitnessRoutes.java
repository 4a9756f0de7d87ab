package eu.bus.witnessing;

import eu.bus.exchange.InboundWire;
import eu.bus.exchange.NodeEndpoints;
import org.apache.camel.builder.RouteBuilder;

/**
 * One node's witnessing route, {@code witness-NODE}: answers the checkpoints other nodes ask it to cosign, and takes
 * its own witnesses' answers to its requests (one queue for both: one consumer per node). It does not fail on what
 * a message holds (a bad request gets a 400 answer, a stray answer is dropped); a broker failure rolls back.
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

    @Override
    public void configure() {
        String node = endpoints.node();
        from(endpoints.witness()).routeId(witnessRouteId(node))
                .process(this::take).id("cosign-or-take-answer-" + node);
    }

    private void take(org.apache.camel.Exchange exchange) throws jakarta.jms.JMSException {
        jakarta.jms.Message message = InboundWire.raw(exchange);
        if (WitnessAnswers.isAnswer(message)) {
            answers.accept(message);
        } else {
            witness.answer(message);
        }
    }
}
