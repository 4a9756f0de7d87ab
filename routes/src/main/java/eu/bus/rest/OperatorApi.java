package eu.bus.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import eu.bus.exchange.NodeGateway;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.operator.Consultation;
import eu.bus.operator.DeadLetterQueue;
import eu.bus.operator.MessageEntry;
import eu.bus.operator.MessageQuery;
import eu.bus.operator.NodeDeadLetters;
import eu.bus.operator.NodeMessages;
import eu.bus.operator.OperatorAction;
import eu.bus.operator.OperatorRefusal;
import eu.bus.operator.ReceivedDeadLetter;
import eu.bus.operator.SentRefusal;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's endpoints (docs/API.md): a node's messages, a received message's content read for a stated
 * purpose, its dead letters and what may be done with them. Every request acts as the node of the client
 * certificate, on that node's own messages only. The work is done by {@code eu.bus.operator}; this is the glue.
 */
final class OperatorApi {

    /** The name of the person at the client, as the client declares it (the CLI sends the local user name). */
    static final String OPERATOR_HEADER = "X-Bus-Operator";
    private static final Pattern OPERATOR_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private static final String MESSAGES = "/api/v1/messages";
    private static final Pattern CONTENT = Pattern.compile("/api/v1/messages/([^/]+)/content");
    private static final String DEAD_LETTERS = "/api/v1/dead-letters";
    private static final Pattern DEAD_LETTER = Pattern.compile("/api/v1/dead-letters/([^/]+)");
    private static final Pattern RESUBMIT = Pattern.compile("/api/v1/dead-letters/([^/]+)/resubmit");

    /** Whether this is an operator endpoint; POST /api/v1/messages (submit) and GET /api/v1/messages/{id} (status) are not. */
    static boolean handles(String method, String path) {
        return (path.equals(MESSAGES) && method.equals("GET")) || CONTENT.matcher(path).matches()
                || path.equals(DEAD_LETTERS) || path.startsWith(DEAD_LETTERS + "/");
    }

    void handle(HttpExchange exchange, NodeGateway gateway, String method, String path) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Matcher m;
        try {
            if (path.equals(MESSAGES)) {
                ApiHandler.allow(method, "GET");
                messages(exchange, gateway, query);
            } else if ((m = CONTENT.matcher(path)).matches()) {
                ApiHandler.allow(method, "GET");
                content(exchange, gateway, m.group(1), query.get("purpose"));
            } else if (path.equals(DEAD_LETTERS)) {
                ApiHandler.allow(method, "GET");
                deadLetters(exchange, gateway);
            } else if ((m = RESUBMIT.matcher(path)).matches()) {
                ApiHandler.allow(method, "POST");
                drainBody(exchange);
                resubmit(exchange, gateway, m.group(1), action(exchange, gateway, query));
            } else if ((m = DEAD_LETTER.matcher(path)).matches()) {
                if (method.equals("DELETE")) {
                    discard(exchange, gateway, m.group(1), action(exchange, gateway, query));
                } else {
                    ApiHandler.allow(method, "GET");
                    deadLetter(exchange, gateway, m.group(1));
                }
            } else {
                throw new ApiException(404, "not-found", "no such endpoint: " + path + "; the operator API has GET "
                        + MESSAGES + ", GET " + MESSAGES + "/{id}/content, GET " + DEAD_LETTERS + ", GET|DELETE " + DEAD_LETTERS
                        + "/{id}, POST " + DEAD_LETTERS + "/{id}/resubmit");
            }
        } catch (OperatorRefusal r) {
            throw new ApiException(switch (r.kind()) {
                case NOT_FOUND -> 404;
                case INVALID -> 400;
                case CONFLICT -> 409;
            }, r.rule(), r.getMessage());
        }
    }

    private void messages(HttpExchange exchange, NodeGateway gateway, Map<String, String> query) throws IOException {
        MessageQuery filter = MessageQuery.parse(query.get("status"), query.get("case"), query.get("since"),
                gateway.services().clock());
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("node", gateway.node());
        ArrayNode list = out.putArray("messages");
        for (MessageEntry e : new NodeMessages(gateway.services()).list(filter)) {
            ObjectNode m = list.addObject();
            m.put("messageId", e.messageId().toString());
            m.put("direction", e.direction());
            m.put("status", e.status());
            m.put("messageType", e.messageType());
            m.put("caseId", e.caseId());
            m.put("at", e.at() == null ? null : e.at().toString());
            m.put("sender", e.sender());
            if (!e.recipients().isEmpty()) {
                ObjectNode recipients = m.putObject("recipients");
                e.recipients().forEach(recipients::put);
            }
            if (e.detail() != null) {
                m.put("detail", e.detail());
            }
        }
        ApiHandler.sendJson(exchange, 200, out);
    }

    private void content(HttpExchange exchange, NodeGateway gateway, String id, String purpose) throws IOException {
        UUID messageId = messageId(id, gateway);
        Consultation.Read read = new Consultation(gateway.services(), gateway.audit())
                .read(messageId, purpose, operator(exchange));
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("messageId", messageId.toString());
        out.put("signedBy", read.message().signer());
        out.put("digest", read.digest());
        out.set("header", HeaderCodec.toJson(read.message().header()));
        out.set("payload", read.payload());
        ObjectNode consulted = out.putObject("consultation");
        consulted.put("auditSequence", read.record().sequence());
        consulted.put("at", read.record().time().toString());
        consulted.put("user", read.record().user());
        consulted.put("purpose", read.record().purpose());
        ApiHandler.sendJson(exchange, 200, out);
    }

    private void deadLetters(HttpExchange exchange, NodeGateway gateway) throws IOException {
        NodeDeadLetters.Listing listing = new NodeDeadLetters(gateway).list();
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("node", gateway.node());
        ArrayNode received = out.putArray("received");
        listing.received().forEach(d -> write(received.addObject(), d));
        out.put("receivedTruncated", listing.received().size() >= DeadLetterQueue.MAX_LISTED);
        ArrayNode sent = out.putArray("sent");
        listing.sent().forEach(s -> write(sent.addObject(), s));
        ApiHandler.sendJson(exchange, 200, out);
    }

    private void deadLetter(HttpExchange exchange, NodeGateway gateway, String id) throws IOException {
        NodeDeadLetters.Entry entry = new NodeDeadLetters(gateway).show(id);
        ObjectNode out = Json.mapper().createObjectNode();
        entry.received().ifPresent(d -> write(out, d));
        entry.sent().ifPresent(s -> write(out, s));
        ApiHandler.sendJson(exchange, 200, out);
    }

    private void discard(HttpExchange exchange, NodeGateway gateway, String id, OperatorAction action) throws IOException {
        ReceivedDeadLetter gone = new NodeDeadLetters(gateway).discard(id, action);
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("status", "DISCARDED");
        write(out.putObject("deadLetter"), gone);
        ApiHandler.sendJson(exchange, 200, out);
    }

    private void resubmit(HttpExchange exchange, NodeGateway gateway, String id, OperatorAction action) throws IOException {
        List<String> recipients = new NodeDeadLetters(gateway).resubmit(id, action);
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("messageId", id);
        out.put("status", "RESUBMITTED");
        ArrayNode to = out.putArray("recipients");
        recipients.forEach(to::add);
        ApiHandler.sendJson(exchange, 200, out);
    }

    private static void write(ObjectNode out, ReceivedDeadLetter d) {
        out.put("kind", "received");
        out.put("id", d.id());
        out.put("messageId", d.messageId());
        out.put("code", d.code());
        out.put("reason", d.reason());
        out.put("rejectedBy", d.rejectedBy());
        out.put("sentBy", d.sentBy());
        out.put("size", d.size());
        out.put("at", d.at() == null ? null : d.at().toString());
        if (d.digest() != null) {
            out.put("digest", d.digest());
        }
        if (d.claimedHeader() != null) {
            try {
                out.set("claimedHeader", Json.mapper().readTree(d.claimedHeader()));
            } catch (IOException notJson) {
                out.put("claimedHeader", d.claimedHeader()); // as it came: it was refused, perhaps for this
            }
        }
    }

    private static void write(ObjectNode out, SentRefusal s) {
        out.put("kind", "sent");
        out.put("id", s.messageId().toString());
        out.put("messageId", s.messageId().toString());
        out.put("status", s.status() == null ? null : s.status().name());
        out.put("submittedAt", s.submittedAt() == null ? null : s.submittedAt().toString());
        ObjectNode refusals = out.putObject("refusals");
        s.refusals().forEach((recipient, r) -> refusals.putObject(recipient).put("status", r.status().name())
                .put("at", r.at().toString()).put("detail", r.detail()));
    }

    private static OperatorAction action(HttpExchange exchange, NodeGateway gateway, Map<String, String> query) {
        return new OperatorAction(gateway.node(), operator(exchange), query.get("reason"));
    }

    /** The declared operator name, when it is a plain name; anything else is left out rather than logged. */
    private static String operator(HttpExchange exchange) {
        String name = exchange.getRequestHeaders().getFirst(OPERATOR_HEADER);
        return name != null && OPERATOR_NAME.matcher(name).matches() ? name : null;
    }

    private static UUID messageId(String id, NodeGateway gateway) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "not-received", "'" + id + "' is not a message id; list what " + gateway.node()
                    + " received with: bus messages list --as " + gateway.node());
        }
    }

    private static void drainBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readNBytes(1024); // no body expected; read a little so the connection can be reused
        }
    }

    /** The query string's parameters (first value wins); a malformed escape is a bad request. */
    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "bad-filter", "the query string is not well formed (" + e.getMessage()
                        + "); encode its values, e.g. purpose=case%20review");
            }
        }
        return out;
    }
}
