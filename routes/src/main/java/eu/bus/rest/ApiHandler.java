package eu.bus.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import eu.bus.exchange.BusNetwork;
import eu.bus.audit.AuditStorageException;
import eu.bus.exchange.NodeGateway;
import eu.bus.exchange.NodeUnavailableException;
import eu.bus.exchange.StatusStore;
import eu.bus.exchange.SubmissionRejectedException;
import eu.bus.keys.LiveCredentials;
import eu.bus.message.Json;
import eu.bus.validation.ValidationError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes and answers every request of {@link BusApiServer}. Refusals become JSON error bodies with
 * the status that fits; an unavailable broker or audit log is 503 with Retry-After; anything
 * unexpected is logged with a reference and answered 500 with that reference only: no stack trace
 * ever reaches a client.
 */
final class ApiHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    static final String JSON = "application/json";
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern MESSAGE = Pattern.compile("/api/v1/messages/([^/]+)");
    private static final Pattern SUBSCRIPTIONS = Pattern.compile("/api/v1/cases/([^/]+)/subscriptions");

    private final BusNetwork network;
    private final ClientAuthenticator authenticator;
    private final long maxBodyBytes;
    private final OperatorApi operator = new OperatorApi();

    ApiHandler(BusNetwork network, ClientAuthenticator authenticator, long maxBodyBytes) {
        this.network = network;
        this.authenticator = authenticator;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                dispatch(exchange);
            } catch (ApiException e) {
                sendError(exchange, e);
            } catch (eu.bus.keys.NodeKeysUnusableException e) {
                // The node itself cannot sign (its certificate revoked or invalid): the message says which and what to run.
                exchange.getResponseHeaders().set("Retry-After", "30");
                sendError(exchange, new ApiException(503, "node-keys-" + e.status().name().toLowerCase(Locale.ROOT), e.getMessage()));
            } catch (NodeUnavailableException | AuditStorageException e) {
                String ref = UUID.randomUUID().toString().substring(0, 8);
                LOG.warn("API: {} {} unavailable (ref {}): {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        ref, e.getMessage());
                sendError(exchange, new Unavailable(ref));
            } catch (RuntimeException | IOException | Error e) {
                String ref = UUID.randomUUID().toString().substring(0, 8);
                LOG.error("API: {} {} failed (ref {})", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), ref, e);
                sendError(exchange, new ApiException(500, "internal",
                        "the bus could not handle the request (reference " + ref + " in the server log); try again later"));
            }
        } catch (IOException | RuntimeException e) {
            // The client went away while we answered; nothing more to tell it.
            LOG.debug("API: could not answer {}: {}", exchange.getRequestURI().getRawPath(), e.toString());
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Matcher m;
        if (path.equals("/health")) {
            allow(method, "GET");
            health(exchange);
        } else if (path.equals("/metrics")) {
            allow(method, "GET");
            send(exchange, 200, PROMETHEUS, network.metrics().render().getBytes(StandardCharsets.UTF_8));
        } else if (OperatorApi.handles(method, path)) {
            operator.handle(exchange, requester(exchange), method, path);
        } else if (path.equals("/api/v1/messages")) {
            allow(method, "POST");
            submit(exchange, requester(exchange));
        } else if ((m = MESSAGE.matcher(path)).matches()) {
            allow(method, "GET");
            status(exchange, requester(exchange), m.group(1));
        } else if ((m = SUBSCRIPTIONS.matcher(path)).matches()) {
            allow(method, "POST");
            subscribe(exchange, requester(exchange), m.group(1));
        } else {
            throw new ApiException(404, "not-found", "no such endpoint: " + path
                    + "; the API has POST /api/v1/messages, GET /api/v1/messages, GET /api/v1/messages/{id}, "
                    + "GET /api/v1/messages/{id}/content, GET /api/v1/dead-letters, GET|DELETE /api/v1/dead-letters/{id}, "
                    + "POST /api/v1/dead-letters/{id}/resubmit, POST /api/v1/cases/{caseId}/subscriptions, GET /health, "
                    + "GET /metrics (docs/API.md)");
        }
    }

    static void allow(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new MethodNotAllowed(allowed, method);
        }
    }

    /** The node of the client certificate, which must run in this process. */
    private NodeGateway requester(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https)) {
            throw new ApiException(401, "client-certificate", "the API only answers over HTTPS with a client certificate");
        }
        String node = authenticator.authenticate(https);
        return gateway(node).orElseThrow(() -> new ApiException(403, "node-not-here", "node " + node
                + " does not run in this bus (running: " + String.join(", ", runningNodes())
                + "); send through the bus that runs " + node + ", or start it with: bus run --nodes ...," + node));
    }

    private Optional<NodeGateway> gateway(String node) {
        return network.nodes().stream().filter(g -> g.node().equals(node)).findFirst();
    }

    private List<String> runningNodes() {
        return network.nodes().stream().map(NodeGateway::node).toList();
    }

    private void submit(HttpExchange exchange, NodeGateway gateway) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(JSON)) {
            throw new ApiException(415, "content-type", "the body must be a message document sent as " + JSON
                    + (type == null ? " (no Content-Type was given)" : " (was " + type + ")")
                    + "; e.g. curl -H 'Content-Type: application/json' --data-binary @message.json");
        }
        byte[] body = readBody(exchange);
        NodeGateway.Submitted submitted;
        try {
            submitted = gateway.submitDocument(body);
        } catch (SubmissionRejectedException e) {
            throw new ApiException(statusOf(e), e.rule(), e.getMessage(), e.errors());
        }
        String messageId = submitted.messageId();
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("messageId", messageId);
        // QUEUED: accepted and kept in the node's durable outbox, sent when the broker takes it (see its status).
        out.put("status", submitted.queued() ? "QUEUED" : "SENT");
        exchange.getResponseHeaders().set("Location", "/api/v1/messages/" + messageId);
        sendJson(exchange, 202, out);
    }

    /** 400 for an invalid document, 409 for a message id already used for other content, 403 for a policy rule. */
    private static int statusOf(SubmissionRejectedException e) {
        return switch (e.rule()) {
            case "invalid" -> 400;
            case SubmissionRejectedException.MESSAGE_ID_REUSED -> 409;
            default -> 403;
        };
    }

    /** Reads at most the limit plus one byte: a larger body is refused, never buffered. */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBodyBytes) {
                    throw tooLarge(Long.parseLong(declared.trim()) + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new ApiException(400, "invalid", "the Content-Length header is not a number: " + declared);
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes((int) maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge("more than " + maxBodyBytes + " bytes");
        }
        return body;
    }

    private ApiException tooLarge(String size) {
        return new ApiException(413, "invalid", "the message document is " + size + ", over the limit of " + maxBodyBytes
                + " bytes", List.of(new ValidationError("", "the input is " + size + ", over the limit of " + maxBodyBytes
                + " bytes", "at most " + maxBodyBytes + " bytes")));
    }

    private void status(HttpExchange exchange, NodeGateway gateway, String id) throws IOException {
        UUID messageId;
        try {
            messageId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw unknownMessage(id, gateway);
        }
        StatusStore store = gateway.services().status();
        List<StatusStore.Change> history = store.history(messageId);
        if (history.isEmpty()) {
            throw unknownMessage(id, gateway);
        }
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("messageId", messageId.toString());
        out.put("sender", gateway.node());
        out.put("status", StatusStore.currentOf(history).map(Enum::name).orElse(null));
        ObjectNode recipients = out.putObject("recipients");
        StatusStore.recipientsOf(history).forEach((recipient, state) -> recipients.put(recipient, state.name()));
        ArrayNode changes = out.putArray("history");
        for (StatusStore.Change c : history) {
            ObjectNode change = changes.addObject();
            change.put("status", c.status().name());
            change.put("at", c.at().toString());
            if (c.recipient() != null) {
                change.put("recipient", c.recipient());
            }
            if (c.detail() != null) {
                change.put("detail", c.detail());
            }
        }
        sendJson(exchange, 200, out);
    }

    private static ApiException unknownMessage(String id, NodeGateway gateway) {
        return new ApiException(404, "unknown-message", "node " + gateway.node() + " sent no message " + id
                + "; only the sending node can read a message's status (use the id the submission returned)");
    }

    private void subscribe(HttpExchange exchange, NodeGateway gateway, String caseId) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readNBytes(1024); // no body expected; read a little so the connection can be reused
        }
        if (!gateway.participates(caseId)) {
            // The node's own view answers: it learns of a case when the case-open or case-update naming it is delivered.
            String unknown = gateway.knowsCase(caseId) ? "" : "no case " + caseId + " is known to " + gateway.node() + " (a node"
                    + " learns of a case when the case-open or case-update naming it is delivered), so ";
            throw new ApiException(403, "case-participant", unknown + gateway.node() + " is not a participant of case " + caseId
                    + "; only participants may follow a case: ask the case lead to add " + gateway.node()
                    + " with a case-update message");
        }
        gateway.follow(caseId);
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("caseId", caseId);
        out.put("node", gateway.node());
        out.put("status", "FOLLOWING");
        sendJson(exchange, 200, out);
    }

    /**
     * UP (200) when the broker, Camel and every node run; DEGRADED (200) when all run but some node cannot send because
     * its own certificate is revoked or invalid (that node shows REVOKED or KEYS_INVALID with the reason; the others
     * serve); DOWN (503) otherwise.
     */
    private void health(HttpExchange exchange) throws IOException {
        boolean brokerUp = network.broker().isUp();
        ServiceStatus camelStatus = network.camel().getStatus();
        boolean camelUp = camelStatus.isStarted();
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode nodes = Json.mapper().createArrayNode();
        boolean nodesUp = true;
        boolean keysUsable = true;
        for (NodeGateway g : network.nodes()) {
            LiveCredentials.Snapshot keys = g.services().keys().snapshot();
            ObjectNode node = nodes.addObject().put("node", g.node());
            if (!keys.usable()) {
                // Its consumers are stopped on purpose: the keys, not the routes, say what is wrong.
                keysUsable = false;
                node.put("status", keys.status() == LiveCredentials.Status.REVOKED ? "REVOKED" : "KEYS_INVALID");
                node.put("reason", keys.problem());
                continue;
            }
            boolean up = camelUp && routesStarted(g.node());
            nodesUp &= up;
            node.put("status", up ? "UP" : "DOWN");
        }
        boolean running = brokerUp && camelUp && nodesUp;
        String status = !running ? "DOWN" : keysUsable ? "UP" : "DEGRADED";
        out.put("status", status);
        out.put("broker", brokerUp ? "UP" : "DOWN");
        out.put("camel", camelUp ? "UP" : camelStatus.name());
        out.set("nodes", nodes);
        sendJson(exchange, running ? 200 : 503, out);
    }

    private boolean routesStarted(String node) {
        for (String prefix : new String[] {"submit-", "send-", "inbox-", "receipts-"}) {
            ServiceStatus s = network.camel().getRouteController().getRouteStatus(prefix + node);
            if (s == null || !s.isStarted()) {
                return false;
            }
        }
        return true;
    }

    static void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, JSON, Json.mapper().writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sendError(HttpExchange exchange, ApiException e) throws IOException {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("error", e.getMessage());
        out.put("rule", e.rule());
        ArrayNode errors = out.putArray("errors");
        for (ValidationError v : e.errors()) {
            ObjectNode error = errors.addObject();
            error.put("pointer", v.pointer());
            error.put("problem", v.problem());
            error.put("expected", v.expected());
        }
        if (e instanceof MethodNotAllowed m) {
            exchange.getResponseHeaders().set("Allow", m.allowed);
        }
        if (e instanceof Unavailable) {
            exchange.getResponseHeaders().set("Retry-After", String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
        }
        if (e.status() == 413) {
            // The rest of the body is not read: the connection cannot be reused.
            exchange.getResponseHeaders().set("Connection", "close");
        }
        sendJson(exchange, e.status(), out);
    }

    /** The broker or the audit log cannot take work now: 503, try again later (the same document is not sent twice). */
    private static final class Unavailable extends ApiException {
        private static final long serialVersionUID = 1L;
        static final int RETRY_AFTER_SECONDS = 5;

        Unavailable(String ref) {
            super(503, "unavailable", "the bus cannot take the request right now: its broker or audit log is unavailable "
                    + "(reference " + ref + " in the server log); retry in " + RETRY_AFTER_SECONDS + " seconds (a retry of the "
                    + "same message document is answered once, never sent twice)");
        }
    }

    private static final class MethodNotAllowed extends ApiException {
        private static final long serialVersionUID = 1L;
        private final String allowed;

        MethodNotAllowed(String allowed, String method) {
            super(405, "method", method + " is not allowed here; use " + allowed);
            this.allowed = allowed;
        }
    }
}
