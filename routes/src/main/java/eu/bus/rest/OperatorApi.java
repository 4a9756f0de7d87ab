package eu.bus.rest;

import com.sun.net.httpserver.HttpExchange;
import eu.bus.exchange.NodeGateway;
import java.io.IOException;

/** The operator's endpoints: a node's messages, their content, its dead letters (docs/API.md). */
final class OperatorApi {

    /** Whether {@code path} is one of the operator endpoints. */
    static boolean handles(String path) {
        return false;
    }

    void handle(HttpExchange exchange, NodeGateway gateway, String method, String path) throws IOException {
        throw new ApiException(404, "not-found", "no such endpoint: " + path);
    }
}
