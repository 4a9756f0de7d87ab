package eu.bus.exchange;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditOutcome;
import eu.bus.audit.AuditRecord;
import eu.bus.broker.BrokerSettings;
import eu.bus.broker.BusAddresses;
import eu.bus.broker.WireLimits;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.metrics.BusMetrics;
import eu.bus.policy.ForwardingPolicy;
import eu.bus.policy.SubmissionPolicy;
import eu.bus.validation.MessageValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's gateway: its services plus the small steps its routes call. Each step reads and
 * writes the Camel exchange and delegates the logic to a service.
 */
public final class NodeGateway {

    private static final Logger LOG = LoggerFactory.getLogger(NodeGateway.class);
    static final String INCOMING = "busIncoming";
    static final String STARTED = "busStartedNanos";
    static final String ROUTE = "busRoute";
    /** The audit records of this exchange not yet awaited; the last step waits for them before the commit. */
    static final String PENDING_AUDIT = "busPendingAudit";
    /** In the DELIVERED record of a redelivered copy the case system already had: nothing was handed over again. */
    public static final String ALREADY_DELIVERED = "already in the case system";

    private final NodeServices services;
    private final NodeAudit audit;
    private final NodeEndpoints endpoints;
    private final SubmissionService submission;
    private final ReceptionService reception;
    private final CaseSystem caseSystem;
    private final CaseBook cases;
    private final Forwards forwards = new Forwards();
    private final BusMetrics metrics;
    private final BrokerSender sender;
    private final WireLimits limits;
    private final jakarta.jms.ConnectionFactory brokerConnections;
    private final OutboxDispatcher outbox;
    private final ReceiptBatches receipts = new ReceiptBatches(this::sendReceipt);
    private final Set<String> followedCases = ConcurrentHashMap.newKeySet();
    private CamelContext camel;
    private ProducerTemplate producer;

    public NodeGateway(NodeServices services, NodeAudit audit, MessageValidator validator, SubmissionPolicy policy,
                       CaseSystem caseSystem, BusMetrics metrics, int concurrentConsumers, BrokerSender sender,
                       WireLimits limits, jakarta.jms.ConnectionFactory brokerConnections) {
        this.services = services;
        this.brokerConnections = brokerConnections;
        this.limits = limits;
        this.sender = sender;
        this.metrics = metrics;
        this.audit = audit;
        this.endpoints = new NodeEndpoints(services.node(), concurrentConsumers);
        this.cases = new CaseBook(services.node(), services.cases(), policy.caseRules());
        this.submission = new SubmissionService(services, audit, validator, policy, cases, sender);
        this.reception = new ReceptionService(services, audit, validator, policy, cases);
        this.caseSystem = caseSystem;
        this.outbox = new OutboxDispatcher(services, audit, submission, sender, this::followOrLeave);
    }

    /** A submission's answer: the message id, and whether the message is on the broker or waits in the outbox. */
    public record Submitted(String messageId, boolean queued) {
    }

    /** Binds to the context the routes run in; called once before the routes start. */
    public void attach(CamelContext context) throws Exception {
        this.camel = context;
        this.producer = context.createProducerTemplate();
        context.addRoutes(new NodeRoutes(this));
        for (String caseId : cases.participants().casesOf(node())) {
            follow(caseId);
        }
    }

    public String node() {
        return services.node();
    }

    public BusLayout layout() {
        return services.layout();
    }

    public NodeEndpoints endpoints() {
        return endpoints;
    }

    public NodeServices services() {
        return services;
    }

    public BusMetrics metrics() {
        return metrics;
    }

    /** This node's audit log, with the purpose its records carry. */
    public NodeAudit audit() {
        return audit;
    }

    /**
     * Connections to the broker with this node's certificate (reconnecting), for operator work outside the
     * routes such as reading its dead-letter queue; close every connection taken from it.
     */
    public jakarta.jms.ConnectionFactory brokerConnections() {
        return brokerConnections;
    }

    /**
     * Protects a message this node sent again, with its current keys, and sends it to the recipients that
     * refused it (or never received it); audited RESUBMITTED. Returns those recipients.
     *
     * @throws IllegalArgumentException when this node did not send the message or nothing is left to resend
     */
    public List<String> resubmit(java.util.UUID messageId, String why) {
        List<StatusStore.Change> history = services.status().history(messageId);
        if (history.isEmpty()) {
            throw new IllegalArgumentException(node() + " sent no message " + messageId + "; see its messages with: bus messages list --as " + node());
        }
        Outbox.Entry entry = services.outbox().get(messageId).orElseThrow(() -> new IllegalArgumentException("the document of message "
                + messageId + " is no longer kept by " + node() + " (an outbox entry is removed once every recipient receipted the"
                + " message, or when an operator discards it), so it cannot be protected again; submit it again under a new id"));
        if (!entry.caseChange().isEmpty()) {
            throw new IllegalArgumentException("message " + messageId + " changes a case's participants, which only the broker's case"
                    + " control decides: it is not resubmitted; submit a new case-update (new id) instead");
        }
        boolean wholeRefused = StatusStore.wholeOf(history).map(MessageStatus::isRefusal).orElse(false);
        List<StatusStore.Sent> to = new ArrayList<>();
        StatusStore.recipientsOf(history).forEach((recipient, state) -> {
            if (state.isRefusal() || wholeRefused && state.isUnsent()) {
                to.add(new StatusStore.Sent(recipient, null, BusAddresses.inbox(recipient)));
            }
        });
        if (to.isEmpty()) {
            throw new IllegalArgumentException("no recipient refused message " + messageId + " (status "
                    + StatusStore.currentOf(history).map(Enum::name).orElse("?") + " " + StatusStore.recipientsOf(history)
                    + "); only refused or expired messages are resubmitted");
        }
        outbox.resubmit(entry, to, why); // or queued in the outbox while the broker is away
        return to.stream().map(StatusStore.Sent::recipient).toList();
    }

    /**
     * Submits a message document and returns its id once it is protected, audited and in the node's outbox; it
     * is on the broker too unless the broker is away ({@link #submitDocument} says which).
     */
    public String submit(byte[] document) {
        return submitDocument(document).messageId();
    }

    /** As {@link #submit}, telling whether the message is on the broker or queued in the outbox. */
    public Submitted submitDocument(byte[] document) {
        try {
            return producer.requestBody(endpoints.submit(), document, Submitted.class);
        } catch (CamelExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Runs the submission checks and protection; the body becomes the {@link Outgoing}. */
    void accept(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        try {
            exchange.getIn().setBody(submission.accept(exchange.getIn().getBody(byte[].class)));
        } catch (SubmissionRejectedException e) {
            metrics.count(node(), "submit", BusMetrics.Outcome.REJECTED);
            throw e;
        }
    }

    /**
     * Sends an {@link Outgoing} from the outbox to each of its destinations (a case change confirmed by the broker
     * and recorded in this node's view first); the body becomes the {@link Submitted} answer. A broker that is
     * away leaves the message queued in the outbox, which sends it when the broker is back.
     */
    void send(Exchange exchange) {
        Outgoing out = exchange.getIn().getBody(Outgoing.class);
        MessageHeader header = out.header();
        if (out.isAlreadySent()) {
            // an idempotent retry: answered, not resent (the outbox still sends it if the broker has not taken it)
            boolean unsent = services.status().current(header.messageId()).map(MessageStatus::isUnsent).orElse(false);
            exchange.getIn().setBody(new Submitted(header.messageId().toString(), unsent));
            return;
        }
        OutboxDispatcher.Result result;
        try {
            result = outbox.dispatch(out);
        } catch (SubmissionRejectedException e) {
            metrics.count(node(), "submit", BusMetrics.Outcome.REJECTED);
            throw e;
        }
        metrics.count(node(), "submit", BusMetrics.Outcome.ACCEPTED);
        Long started = exchange.getProperty(STARTED, Long.class);
        if (started != null) {
            metrics.latency(node(), "submit", started);
        }
        exchange.getIn().setBody(new Submitted(header.messageId().toString(), result == OutboxDispatcher.Result.QUEUED));
    }

    /** Ends the outbox's attempts at stop; what they did not send stays in the outbox for the next start. */
    void stopSending() {
        outbox.close();
    }

    /** The node's keys are valid again: its outbox sends at its next look, without waiting out its back-off. */
    void resumeSending() {
        outbox.resume();
    }

    /** One look at the outbox: sends what the broker has not taken yet (timer route {@code outbox-NODE}). */
    void sendOutbox(Exchange exchange) {
        outbox.pass();
    }

    void receive(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        Incoming incoming = reception.receive(InboundWire.read(InboundWire.raw(exchange), limits, services.clock()));
        exchange.setProperty(INCOMING, incoming);
        // The id stays claimed until markProcessed; if a later step fails, the claim ends with the exchange.
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onFailure(Exchange failed) {
                reception.release(incoming);
            }
        });
    }

    void deliver(Exchange exchange) {
        Incoming incoming = exchange.getProperty(INCOMING, Incoming.class);
        if (incoming.header().messageType() == MessageType.DELIVERY_RECEIPT) {
            // Receipts are checked on the receipts queue against what was sent; in an inbox one would reach the
            // case system past the exchange rules (receipts skip the channel rules: they answer a message).
            throw new ReceptionRejectedException("policy", "a delivery receipt arrived in " + node()
                    + "'s inbox; receipts go to its receipts queue").about(incoming.header());
        }
        // Redelivered after its acknowledgement was lost (this node or its broker stopped between delivering and
        // acknowledging): the case system has it once.
        // Resent by its sender after a key change: processed before, so delivered before, whatever the case system did since.
        boolean already = incoming.resent() || caseSystem.holds(incoming);
        if (!already) {
            caseSystem.deliver(incoming);
        }
        String recognised = incoming.resent() ? " (" + ALREADY_DELIVERED + ": processed before; a copy its sender protected"
                + " again after a key change, answered with a receipt, not delivered twice)"
                : already ? " (" + ALREADY_DELIVERED + ": delivered before its acknowledgement was lost, not delivered twice)" : "";
        pendingAudit(exchange).add(audit.record(AuditEvent.DELIVERED, incoming.header(), incoming.protectedBytes(),
                "from " + incoming.header().sender() + recognised));
        metrics.count(node(), routeOf(exchange), BusMetrics.Outcome.DELIVERED);
        metrics.latency(node(), routeOf(exchange), exchange.getProperty(STARTED, Long.class));
    }

    /** "inbox", "receipts" or "case": the metric label of the route this exchange came in on. */
    private static String routeOf(Exchange exchange) {
        String id = exchange.getFromRouteId();
        return id == null ? "unknown" : id.substring(0, id.indexOf('-') > 0 ? id.indexOf('-') : id.length());
    }

    /** Updates this node's view of a case, follows or leaves it, and returns a signed receipt to the sender. */
    void afterDelivery(Exchange exchange) {
        Incoming incoming = exchange.getProperty(INCOMING, Incoming.class);
        MessageHeader header = incoming.header();
        if (header.messageType().isCaseLifecycle()) {
            cases.applyArrival(header, incoming.caseDecision());
            followOrLeave(header.caseId());
        }
        if (header.messageType() == MessageType.DELIVERY_RECEIPT) {
            return;
        }
        ReceptionBatch batch = ReceptionBatch.current();
        if (batch != null) {
            batch.oweReceipt(incoming); // one receipt per sender for the whole batch, before its commit
        } else {
            pendingAudit(exchange).add(receipts.owe(incoming));
        }
        if (!incoming.resent()) {
            forwardIfDue(incoming); // forwarded, or not, when it was processed the first time
        }
    }

    /** Intelligence from this unit's own teams goes on to Europol unless the provider's codes forbid it. */
    private void forwardIfDue(Incoming incoming) {
        ForwardingPolicy.Decision decision = forwards.decide(incoming, node());
        if (decision.forward()) {
            try {
                String forwardId = submit(forwards.toEuropol(incoming, node(), services.clock().instant(), decision.reason()));
                NodeAudit.awaitDurable(audit.record(AuditEvent.FORWARDED, incoming.header(), incoming.protectedBytes(),
                        "to " + ForwardingPolicy.EUROPOL + " as " + forwardId + ": " + decision.reason()));
            } catch (RuntimeException refused) {
                // Delivered all the same: a failed forward is recorded for the operator, not a reason to redeliver
                // (and deliver, and receipt) the original again.
                NodeAudit.awaitDurable(audit.record(AuditEvent.FORWARDED, incoming.header(), incoming.protectedBytes(),
                        AuditOutcome.FAILURE, "not forwarded to " + ForwardingPolicy.EUROPOL + ": " + refused.getMessage()));
            }
        } else if (decision.restricted()) {
            NodeAudit.awaitDurable(audit.record(AuditEvent.FORWARDED, incoming.header(), incoming.protectedBytes(),
                    AuditOutcome.FAILURE, "not forwarded to " + ForwardingPolicy.EUROPOL + ": " + decision.reason()));
        }
    }

    /**
     * Sends one receipt covering {@code messages} (one sender, one case; {@link ReceiptBatches} gathers them),
     * before their DELIVERED records are durable: if the node stops before the commit, the broker redelivers, the
     * messages are delivered again and a receipt covering the same messages, whose id derives from theirs, is
     * dropped by duplicate detection. One SENT record per message covered, so each delivery has its receipt's.
     */
    private List<CompletableFuture<AuditRecord>> sendReceipt(List<Incoming> messages) {
        String to = messages.get(0).header().sender();
        DeliveryReceipts.Receipt receipt = DeliveryReceipts.covering(node(), messages, services.clock().instant());
        String covers = messages.size() == 1 ? "" : " (one receipt, " + receipt.header().messageId() + ", covers "
                + messages.size() + " messages)";
        byte[] protectedReceipt;
        try {
            protectedReceipt = services.protector().protect(receipt.header(), receipt.payload());
        } catch (eu.bus.keys.CertificateRejectedException senderRevoked) {
            // Delivered all the same. Nothing is encrypted to a revoked certificate; once the sender has new keys it
            // resends what it has no receipt for, and that copy is answered with a receipt (see ReceptionService).
            return messages.stream().map(m -> audit.record(AuditEvent.SENT, receipt.header(), null, AuditOutcome.FAILURE,
                    "no receipt for " + m.header().messageId() + " to " + to + " for now: " + senderRevoked.getMessage())).toList();
        }
        services.archive().store(receipt.header(), protectedReceipt);
        sendToBroker(List.of(new BrokerSender.Outbound(BusAddresses.receipts(to), protectedReceipt, WireHeaders.of(receipt.header()))));
        return messages.stream().map(m -> audit.record(AuditEvent.SENT, receipt.header(), protectedReceipt,
                "receipt for " + m.header().messageId() + " to " + to + covers)).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<CompletableFuture<AuditRecord>> pendingAudit(Exchange exchange) {
        List<CompletableFuture<AuditRecord>> pending = exchange.getProperty(PENDING_AUDIT, List.class);
        if (pending == null) {
            pending = new ArrayList<>();
            exchange.setProperty(PENDING_AUDIT, pending);
        }
        return pending;
    }

    /**
     * Last step of every receiving route: the exchange's audit records become durable before the commit
     * acknowledges the message; from now on its id is a replay.
     */
    void markProcessed(Exchange exchange) {
        Incoming incoming = exchange.getProperty(INCOMING, Incoming.class);
        ReceptionBatch batch = ReceptionBatch.current();
        if (batch != null) {
            // The consumer's batch waits once for all its messages, before its one commit.
            batch.awaitBeforeCommit(pendingAudit(exchange));
            batch.markProcessedOnCommit(incoming);
            return;
        }
        NodeAudit.awaitDurable(pendingAudit(exchange).toArray(CompletableFuture[]::new));
        reception.markProcessed(incoming);
    }

    /** The consumer's batch is processed: its receipts sent, its records durable, its messages processed; then it commits. */
    void completeBatch(ReceptionBatch batch) {
        batch.complete(receipts, reception);
    }

    /** The consumer's batch rolls back: its messages come again and may be claimed again. */
    void abandonBatch(ReceptionBatch batch) {
        batch.abandon(reception);
    }

    /**
     * A verified receipt for a message this node sent. A valid signature is not enough: it must be a
     * delivery receipt, signed by the node it names as receiver, that node must have been a recipient of
     * the message, and the digest it signed must be the digest of exactly what was sent to it. It then
     * settles that recipient's status only; the message is RECEIPTED once every recipient's has come.
     */
    void receipted(Exchange exchange) {
        Incoming receipt = exchange.getProperty(INCOMING, Incoming.class);
        MessageHeader header = receipt.header();
        String by = receipt.payload().path("receivedBy").asText();
        if (header.messageType() != MessageType.DELIVERY_RECEIPT) {
            throw new ReceptionRejectedException("policy", "a " + header.messageType().wireName()
                    + " arrived on the receipts queue, where only delivery receipts belong");
        }
        if (!by.equals(header.sender())) {
            throw new ReceptionRejectedException("policy", "receipt " + header.messageId() + " is signed by "
                    + header.sender() + " but claims delivery by " + by + ": a node receipts only its own deliveries");
        }
        String outcome = receipt.payload().path("outcome").asText();
        Map<java.util.UUID, String> covered;
        try {
            covered = DeliveryReceipts.covered(header, receipt.payload());
        } catch (IllegalArgumentException twice) {
            throw new ReceptionRejectedException("policy", twice.getMessage() + ": a receipt names each message once");
        }
        // Every message a receipt covers must check out before any takes effect: a receipt is accepted whole or refused.
        covered.forEach((original, digest) -> checkCovered(receipt, by, original, digest, outcome));
        List<CompletableFuture<AuditRecord>> records = pendingAudit(exchange);
        if ("DELIVERED".equals(outcome)) {
            settleDelivered(receipt, by, covered.keySet(), records);
        } else {
            covered.forEach((original, digest) -> records.add(settleRefusal(receipt, by, original, digest, outcome)));
        }
        metrics.count(node(), "receipts", BusMetrics.Outcome.RECEIPTED);
    }

    /** Refuses a receipt for a message this node did not send to {@code by}, or naming bytes other than those sent. */
    private void checkCovered(Incoming receipt, String by, java.util.UUID original, String digest, String outcome) {
        MessageHeader header = receipt.header();
        java.util.Set<String> sent = services.status().digestsSentTo(original, by);
        if (sent.isEmpty() && "REJECTED".equals(outcome) && services.status().history(original).isEmpty()) {
            // Worth an operator's attention: the broker vouched that this node's certificate put that message there.
            throw new ReceptionRejectedException("policy", by + " refused message " + original + ", which was put on the bus"
                    + " with " + node() + "'s certificate but never sent by its gateway: someone else uses " + node() + "'s keys, or a"
                    + " tool sent it past the gateway; check who can read them, and rotate them (bus keys rotate " + node()
                    + ") if they may be compromised. " + by + " said: " + receipt.payload().path("reason").asText());
        }
        if (sent.isEmpty()) {
            throw new ReceptionRejectedException("policy", "receipt " + header.messageId() + " from " + by + " is for "
                    + original + ", which " + node() + " did not send to " + by);
        }
        if (!sent.contains(digest)) {
            throw new ReceptionRejectedException("policy", "receipt " + header.messageId() + " from " + by
                    + " names digest " + digest + " for " + original + ", but " + node() + " sent it as " + String.join(", ", sent)
                    + ": it does not receipt what was sent");
        }
    }

    /**
     * Records a checked receipt of delivery for every message it covers, in one status write; removes the outbox
     * entries of those every recipient has now receipted, with one directory force; one RECEIPTED record each.
     */
    private void settleDelivered(Incoming receipt, String by, java.util.Set<java.util.UUID> originals,
                                 List<CompletableFuture<AuditRecord>> records) {
        MessageHeader header = receipt.header();
        services.status().recordReceipted(List.copyOf(originals), by, header.messageId());
        List<java.util.UUID> done = originals.stream().filter(original ->
                StatusStore.currentOf(services.status().history(original)).orElse(null) == MessageStatus.RECEIPTED).toList();
        services.outbox().removeAll(done); // every recipient has them: their documents are no longer needed
        for (java.util.UUID original : originals) {
            records.add(audit.record(AuditEvent.RECEIPTED, header, receipt.protectedBytes(),
                    "receipt from " + by + " for " + original + ": DELIVERED"));
        }
    }

    /** Records what a checked refusal (a negative receipt, one message) says; returns its RECEIPTED audit record. */
    private CompletableFuture<AuditRecord> settleRefusal(Incoming receipt, String by, java.util.UUID original, String digest,
                                                         String outcome) {
        MessageHeader header = receipt.header();
        String effect;
        if (services.status().recordRefusal(original, by, digest, MessageStatus.DEAD_LETTERED, "dead-lettered by " + by + ": "
                + receipt.payload().path("reason").asText() + " (bus dlq resubmit " + original + " --as " + node()
                + " sends it again with the current keys once the cause is fixed)")) {
            effect = resubmitIfSignedWithReplacedKeys(original, by);
        } else {
            effect = " (about an earlier copy; the status follows the latest)";
        }
        return audit.record(AuditEvent.RECEIPTED, header, receipt.protectedBytes(),
                "receipt from " + by + " for " + original + ": " + outcome + effect);
    }

    /**
     * A copy signed with keys this node has replaced since (a rotation while it waited on the broker) is refused by
     * its recipients for that reason alone: it is protected again with the current keys and resent at once, as an
     * operator would with bus dlq resubmit. A copy signed with the current keys is left to the operator.
     */
    private String resubmitIfSignedWithReplacedKeys(java.util.UUID original, String recipient) {
        var entry = services.outbox().get(original);
        if (entry.isEmpty() || !entry.get().caseChange().isEmpty() || !submission.keysReplaced(entry.get(), recipient)) {
            return "";
        }
        try {
            resubmit(original, "automatically: the refused copy was signed with keys " + node() + " has replaced since");
            return " (resubmitted with the current keys)";
        } catch (RuntimeException e) {
            LOG.warn("{}: message {} refused by {} was not resubmitted: {}", node(), original, recipient, e.getMessage());
            return " (not resubmitted: " + e.getMessage() + ")";
        }
    }

    /**
     * Moves a message that can never be accepted to this node's dead-letter queue, with the reason. The
     * copy holds the raw bytes as they arrived (never interpreted: an ObjectMessage is not deserialized).
     * The audit record names the message only when its signature vouched for the header; otherwise it is
     * an unverified rejection (digest, who the broker says sent it, what the header claims, the reason).
     */
    void deadLetter(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ReceptionRejectedException e = caught instanceof ReceptionRejectedException rejected ? rejected
                : new ReceptionRejectedException("undeliverable", "still failing after retries: " + caught.getMessage(), caught);
        Incoming opened = exchange.getProperty(INCOMING, Incoming.class);
        if (opened != null) {
            reception.release(opened); // dead-lettered is final: a later copy is judged on its own
        }
        MessageHeader authenticated = e.authenticatedHeader() != null ? e.authenticatedHeader()
                : opened != null ? opened.header() : null;
        jakarta.jms.Message raw = InboundWire.raw(exchange);
        byte[] body = InboundWire.rawBody(raw, limits);
        String messageId = InboundWire.stringProperty(raw, WireHeaders.MESSAGE_ID);
        LOG.warn("{} dead-letters message {}: {}: {}", node(), messageId, e.reason(), e.getMessage());
        Map<String, String> wire = new LinkedHashMap<>();
        String headerJson = InboundWire.stringProperty(raw, WireHeaders.BUS_HEADER);
        if (headerJson != null && headerJson.length() <= eu.bus.broker.WireLimits.MAX_HEADER_BYTES) {
            wire.put(WireHeaders.BUS_HEADER, headerJson);
        }
        if (messageId != null && messageId.length() <= 64) {
            wire.put(WireHeaders.MESSAGE_ID, messageId);
        }
        String putBy = InboundWire.stringProperty(raw, WireHeaders.SENDER);
        if (putBy != null) {
            wire.put(WireHeaders.REJECTED_FROM, putBy);
        }
        wire.put(WireHeaders.REJECT_CODE, e.reason());
        wire.put(WireHeaders.REJECT_REASON, e.getMessage());
        wire.put(WireHeaders.REJECTED_BY, node());
        String digest = eu.bus.audit.Sha256.hex(body);
        // A retried dead-lettering (the route rolled back after the copy was stored) does not copy it twice.
        wire.put(WireHeaders.DUPLICATE_ID, "dead-letter:" + digest);
        List<BrokerSender.Outbound> out = new ArrayList<>();
        out.add(new BrokerSender.Outbound(BusAddresses.deadLetter(node()), body, wire));
        // In the same batch as the copy: the sender learns of the refusal, or neither is stored and the route retries.
        refusalReceipt(exchange, e, authenticated, putBy, messageId, digest).ifPresent(out::add);
        sendToBroker(out);
        CompletableFuture<AuditRecord> record = authenticated != null
                ? audit.record(AuditEvent.DEAD_LETTERED, authenticated, body.length == 0 ? null : body, e.reason() + ": " + e.getMessage())
                : audit.record(AuditEvent.DEAD_LETTERED, null, body.length == 0 ? null : body,
                        "unverified message put on the bus by " + putBy + " (its header is not authenticated; it claims id "
                                + messageId + "): " + e.reason() + ": " + e.getMessage());
        NodeAudit.awaitDurable(record);
        metrics.count(node(), routeOf(exchange), BusMetrics.Outcome.DEAD_LETTERED);
    }

    /**
     * Refusals no negative receipt answers: a duplicate (the first copy was processed and receipted), and
     * whatever came before the header was known to be the putter's own (unreadable, invalid or relayed: the
     * node that put it there did not send that message, and a receipt would only land in its dead letters).
     */
    private static final Set<String> UNANSWERED_REFUSALS = Set.of("duplicate", "wire-format", "invalid-header", "relayed");

    /**
     * The signed negative receipt for a dead-lettered message, so its sender's status says DEAD_LETTERED with the
     * rule instead of SENT for ever. None for what arrived on the receipts queue or is a receipt (receipts are
     * never answered, so two nodes cannot bounce refusals), for a duplicate (the first copy was processed and
     * receipted), or when the message names no usable id or the sender cannot be encrypted to (revoked).
     */
    private java.util.Optional<BrokerSender.Outbound> refusalReceipt(Exchange exchange, ReceptionRejectedException e,
                                                                     MessageHeader authenticated, String putBy, String claimedId,
                                                                     String digest) {
        if ("receipts".equals(routeOf(exchange)) || UNANSWERED_REFUSALS.contains(e.reason()) || putBy == null
                || authenticated != null && authenticated.messageType() == MessageType.DELIVERY_RECEIPT) {
            return java.util.Optional.empty();
        }
        java.util.UUID id;
        try {
            id = authenticated != null ? authenticated.messageId() : java.util.UUID.fromString(claimedId);
        } catch (RuntimeException notAnId) {
            return java.util.Optional.empty();
        }
        // An undeliverable message failed here, for reasons of this node's own (disk, case system) that are not the sender's business.
        String reason = "undeliverable".equals(e.reason())
                ? node() + " could not deliver it after " + BrokerSettings.DEFAULT_MAX_DELIVERIES + " attempts; its operator has the details"
                : e.getMessage();
        DeliveryReceipts.Receipt receipt = DeliveryReceipts.refused(node(), putBy, id,
                authenticated != null ? authenticated.caseId() : null, digest, e.reason(), reason, services.clock().instant());
        byte[] protectedReceipt;
        try {
            protectedReceipt = services.protector().protect(receipt.header(), receipt.payload());
        } catch (eu.bus.keys.CertificateRejectedException | IllegalArgumentException cannot) {
            LOG.warn("{}: no negative receipt for message {} to {}: {}", node(), id, putBy, cannot.getMessage());
            return java.util.Optional.empty();
        }
        services.archive().store(receipt.header(), protectedReceipt);
        audit.record(AuditEvent.SENT, receipt.header(), protectedReceipt, "negative receipt for " + id + " to " + putBy + ": " + e.reason());
        return java.util.Optional.of(new BrokerSender.Outbound(BusAddresses.receipts(putBy), protectedReceipt,
                WireHeaders.of(receipt.header())));
    }

    /** The submission path as the drop directory uses it: the size refused before reading, then {@link #submit}. */
    DropDirectory.Submission dropSubmission() {
        return new DropDirectory.Submission(submission.maxBytes(), submission::checkSize, this::submit);
    }

    /** Sends and fails loudly: a send the broker refused must roll the exchange back, not vanish. */
    private void sendToBroker(List<BrokerSender.Outbound> messages) {
        try {
            sender.sendAll(messages);
        } catch (IllegalStateException e) {
            String message = node() + " could not send to " + messages.get(0).address() + ": " + e.getMessage();
            throw e instanceof NodeUnavailableException ? new NodeUnavailableException(message, e) : new IllegalStateException(message, e);
        }
    }

    /** Follows a case this node's view says it participates in; stops following one it was removed from. */
    private void followOrLeave(String caseId) {
        if (cases.participants().isParticipant(caseId, node())) {
            follow(caseId);
        } else {
            leave(caseId);
        }
    }

    /** Whether this node participates in a case, as its own view knows it. */
    public boolean participates(String caseId) {
        return cases.participants().isParticipant(caseId, node());
    }

    /** Whether this node knows of a case at all. */
    public boolean knowsCase(String caseId) {
        return cases.participants().exists(caseId);
    }

    /**
     * Stops the route of a case this node no longer participates in. The broker has already dropped its
     * subscription, after moving what it had not read to its inbox.
     */
    private void leave(String caseId) {
        if (followedCases.remove(caseId)) {
            String routeId = NodeRoutes.caseRouteId(node(), caseId);
            try {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
                LOG.info("{} no longer follows case {}", node(), caseId);
            } catch (Exception e) {
                LOG.warn("{} could not stop following case {}: {}", node(), caseId, e.getMessage());
            }
        }
    }

    /** Subscribes this node to a case topic (durably), once. */
    public void follow(String caseId) {
        if (followedCases.add(caseId)) {
            try {
                camel.addRoutes(NodeRoutes.caseSubscription(this, caseId));
                LOG.info("{} follows case {}", node(), caseId);
            } catch (Exception e) {
                followedCases.remove(caseId);
                throw new IllegalStateException(node() + " cannot subscribe to case " + caseId + ": " + e.getMessage(), e);
            }
        }
    }
}
