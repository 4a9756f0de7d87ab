package eu.bus.exchange;

import eu.bus.archive.ArchivedMessage;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.broker.CaseChange;
import eu.bus.message.MessageHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a node's accepted messages from its {@link Outbox} to the broker. A submission is tried at once,
 * waiting a few seconds at most; if the broker is away the submitter is answered QUEUED and the message
 * stays in the outbox, which {@link #pass} goes through every second or so (backing off while the broker
 * stays away): each message still unsent to some recipient is sent, protected again first if it waited
 * longer than the recipients' time window, or given up as EXPIRED once it may no longer be sent. A crash
 * loses nothing: the next start finds the same entries.
 */
final class OutboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

    /** How long a submitter waits for the broker before being answered QUEUED. */
    static final Duration SUBMIT_WAIT = Duration.ofSeconds(5);
    /** How long the outbox waits for the broker on a retry. */
    static final Duration RETRY_WAIT = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Whether the message went to the broker or waits in the outbox. */
    enum Result { SENT, QUEUED }

    private final NodeServices node;
    private final NodeAudit audit;
    private final SubmissionService submission;
    private final BrokerSender sender;
    private final Consumer<String> followOrLeave;
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ExecutorService attempts;
    /**
     * Ids the broker has not taken at submission; a pass looks at these only, not at every entry waiting for
     * receipts. Empty until the first pass, which reads the whole outbox (what a crash or stop left unsent).
     */
    private final Set<UUID> unsent = ConcurrentHashMap.newKeySet();
    private volatile boolean recovered;
    private Duration backoff = Duration.ZERO;
    /** Written by the key watch too ({@link #resume}): volatile. */
    private volatile Instant nextPass = Instant.MIN;
    private boolean unavailableLogged;
    /**
     * The states of a copy the look after a key change sends again when its keys were replaced: sent and not
     * receipted, or refused (a refusal of a copy under replaced keys is resubmitted at once, unless this node could not
     * sign then, its own keys revoked: the rotation that follows brings it here).
     */
    private static final Set<MessageStatus> AWAITING_RECEIPT_OR_REFUSED =
            java.util.EnumSet.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.DEAD_LETTERED);

    /** This node's signer and the registry as the last look for copies under replaced keys saw them. */
    private Object keysLookedAt;
    /** Entries held back by a recipient's revoked certificate, with the keys seen then: tried again once they change. */
    private final Map<UUID, Object> awaitingKeys = new ConcurrentHashMap<>();

    OutboxDispatcher(NodeServices node, NodeAudit audit, SubmissionService submission, BrokerSender sender,
                     Consumer<String> followOrLeave) {
        this.node = node;
        this.audit = audit;
        this.submission = submission;
        this.sender = sender;
        this.followOrLeave = followOrLeave;
        this.attempts = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "outbox-" + node.node());
            t.setDaemon(true); // an attempt blocked on a full broker must not hold the JVM at exit
            return t;
        });
    }

    /** Ends the threads of first attempts; one still blocked on the broker ends with its connection. */
    void close() {
        attempts.shutdownNow();
    }

    /**
     * Sends a message just accepted; a broker known to be away, or one that does not confirm within
     * {@link #SUBMIT_WAIT}, leaves it QUEUED (audited). A refusal by the broker is thrown, as before.
     */
    Result dispatch(Outgoing out) {
        UUID id = out.header().messageId();
        if (sender.unavailableSince().isPresent() || !inFlight.add(id)) {
            return queued(out, "the broker has been unavailable since " + sender.unavailableSince().map(Instant::toString).orElse("now"));
        }
        unsent.add(id); // should this attempt fail after the submitter was answered, the next pass sends it
        // On a thread of its own: a send can block without limit (a broker out of disk grants no credit), the submitter must not.
        CompletableFuture<Void> attempt = CompletableFuture.runAsync(() -> send(out, RETRY_WAIT), attempts);
        attempt.whenComplete((sent, failed) -> {
            inFlight.remove(id);
            if (failed == null) {
                unsent.remove(id);
            }
        });
        try {
            attempt.get(SUBMIT_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return Result.SENT;
        } catch (java.util.concurrent.TimeoutException e) {
            sender.markUnavailable();
            return queued(out, "the broker did not take it within " + SUBMIT_WAIT.toSeconds() + " s (down, or out of disk)");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof NodeUnavailableException unavailable) {
                return queued(out, unavailable.getMessage());
            }
            throw e.getCause() instanceof RuntimeException refused ? refused : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return queued(out, "interrupted while waiting for the broker");
        }
    }

    private Result queued(Outgoing out, String why) {
        unsent.add(out.header().messageId());
        NodeAudit.awaitDurable(audit.record(AuditEvent.QUEUED, out.header(), out.protectedBytes(),
                "in the outbox until the broker takes it (until " + out.entry().sendBefore() + " at the latest): " + why));
        return Result.QUEUED;
    }

    /**
     * Sends one message (its case change confirmed and recorded first) and records SENT for each copy; throws
     * {@link NodeUnavailableException} while the broker is away, {@link SubmissionRejectedException} when it refuses.
     */
    void send(Outgoing out, Duration wait) {
        MessageHeader header = out.header();
        submission.confirmCaseChange(out);
        // The view follows the broker's confirmed change before any copy goes out, so a reply to this message
        // (applied by an inbox consumer) can never be overwritten by it; a failed send is tried again, which the
        // broker and the view both recognise as a retry.
        submission.recordCaseChange(out);
        if (out.caseChange() != null) {
            followOrLeave.accept(out.caseChange().caseId());
        }
        Map<String, String> wire = out.entry().wire();
        List<BrokerSender.Outbound> messages = new ArrayList<>();
        for (String destination : out.destinations()) {
            messages.add(new BrokerSender.Outbound(destination, out.protectedBytes(), wire));
        }
        try {
            sender.sendAll(messages, wait);
        } catch (NodeUnavailableException unavailable) {
            throw unavailable;
        } catch (IllegalStateException refused) {
            throw submission.refusedCopy(out, String.join(", ", out.destinations()), refused);
        }
        List<CompletableFuture<AuditRecord>> sent = new ArrayList<>();
        for (String destination : out.destinations()) {
            sent.add(audit.record(AuditEvent.SENT, header, out.protectedBytes(), "to " + destination));
        }
        NodeAudit.awaitDurable(sent.toArray(CompletableFuture[]::new));
        node.status().recordSent(header.messageId(), out.sentCopies());
    }

    /**
     * One look at the outbox: sends what is still unsent, oldest first, and stops at the first sign that the
     * broker is away (then waits longer before the next pass, up to {@link #MAX_BACKOFF}).
     */
    void pass() {
        Instant now = node.clock().instant();
        if (now.isBefore(nextPass) || !node.keys().snapshot().usable()) {
            return; // backing off, or this node cannot sign (revoked: the key watch said so once); a rotation resumes it
        }
        List<Outbox.Entry> entries = recovered ? waiting() : node.outbox().all();
        recovered = true;
        for (Outbox.Entry entry : entries) {
            if (!inFlight.add(entry.messageId())) {
                continue;
            }
            try {
                Retry outcome = retry(entry);
                if (outcome == Retry.BROKER_AWAY) {
                    unsent.add(entry.messageId());
                    return;
                }
                if (outcome == Retry.DONE) {
                    unsent.remove(entry.messageId());
                }
            } finally {
                inFlight.remove(entry.messageId());
            }
        }
        if (unavailableLogged) {
            LOG.info("{}: the broker takes messages again; the outbox is sent", node.node());
        }
        unavailableLogged = false;
        backoff = Duration.ZERO;
        resendWhatReplacedKeysProtected();
    }

    /**
     * After a key change (this node's keys rotated, or a recipient's): every copy sent but not yet receipted (or
     * refused) that was protected with a key replaced since is protected again with the keys of the moment and resent. Its
     * receipt may never come otherwise: a copy signed with a revoked key is refused by a recipient that cannot
     * encrypt the refusal to a revoked sender, and a receipt signed with a revoked key is refused here. A recipient
     * that had the message answers the new copy with a receipt, without delivering it twice.
     */
    private void resendWhatReplacedKeysProtected() {
        Object keysNow = keysNow();
        if (keysNow.equals(keysLookedAt)) {
            return;
        }
        for (Outbox.Entry entry : node.outbox().all()) {
            if (!entry.caseChange().isEmpty()) {
                continue; // the broker's case control decides those once; they are not resent
            }
            List<StatusStore.Change> history = node.status().history(entry.messageId());
            List<StatusStore.Sent> stale = new ArrayList<>();
            StatusStore.recipientsOf(history).forEach((recipient, state) -> {
                if (AWAITING_RECEIPT_OR_REFUSED.contains(state) && submission.keysReplaced(entry, recipient)) {
                    stale.add(new StatusStore.Sent(recipient, null, eu.bus.broker.BusAddresses.inbox(recipient)));
                }
            });
            if (stale.isEmpty()) {
                continue;
            }
            try {
                resubmit(entry, stale, "automatically: the copy was protected with keys replaced since (a rotation) and"
                        + " is not receipted yet");
            } catch (RuntimeException e) {
                // A recipient still revoked, say: its rotation is a key change too, and brings this look again.
                LOG.warn("{}: message {} protected with replaced keys was not sent again: {}", node.node(), entry.messageId(), e.getMessage());
            }
        }
        keysLookedAt = keysNow;
    }

    /**
     * Protects a message again with the current keys for {@code to} (recipients that refused it, or whose copy was
     * protected with replaced keys), under a duplicate id of its own, audits it RESUBMITTED and sends it, or leaves
     * it queued in the outbox while the broker is away.
     */
    Result resubmit(Outbox.Entry entry, List<StatusStore.Sent> to, String why) {
        Outgoing out = submission.reprotect(entry, to, why);
        List<String> recipients = to.stream().map(StatusStore.Sent::recipient).toList();
        NodeAudit.awaitDurable(audit.record(AuditEvent.RESUBMITTED, out.header(), out.protectedBytes(),
                "to " + String.join(", ", recipients) + " with the current keys of " + node.node() + ": " + why));
        return dispatch(out);
    }

    /** The entries of the messages not yet taken by the broker, oldest first. */
    private List<Outbox.Entry> waiting() {
        List<Outbox.Entry> entries = new ArrayList<>();
        for (UUID id : unsent) {
            node.outbox().get(id).ifPresentOrElse(entries::add, () -> unsent.remove(id));
        }
        entries.sort(java.util.Comparator.comparing(Outbox.Entry::acceptedAt));
        return entries;
    }

    /** What became of one entry in a pass: nothing left to send, waiting for a recipient's new keys, or the broker is away. */
    private enum Retry { DONE, AWAITING_KEYS, BROKER_AWAY }

    /** Sends one entry if some recipient still waits for it. */
    private Retry retry(Outbox.Entry entry) {
        UUID id = entry.messageId();
        List<StatusStore.Change> history = node.status().history(id);
        if (StatusStore.wholeOf(history).map(MessageStatus::isRefusal).orElse(false)) {
            return Retry.DONE; // refused or expired: final until an operator resubmits it
        }
        Map<String, MessageStatus> states = StatusStore.recipientsOf(history);
        List<StatusStore.Sent> unsent = entry.copies().stream()
                .filter(c -> !states.containsKey(c.recipient()) || states.get(c.recipient()).isUnsent()).toList();
        if (unsent.isEmpty()) {
            return Retry.DONE;
        }
        Instant now = node.clock().instant();
        try {
            if (!now.isBefore(entry.sendBefore())) {
                expire(entry, unsent);
                awaitingKeys.remove(id);
                return Retry.DONE;
            }
            Object awaited = awaitingKeys.get(id);
            if (awaited != null && awaited.equals(keysNow())) {
                return Retry.AWAITING_KEYS;
            }
            Outgoing out = load(entry, unsent);
            send(out, RETRY_WAIT);
            awaitingKeys.remove(id);
            LOG.info("{} sent message {} from its outbox", node.node(), id);
            return Retry.DONE;
        } catch (NodeUnavailableException e) {
            backOff(e);
            return Retry.BROKER_AWAY;
        } catch (SubmissionRejectedException e) {
            if (SubmissionService.RECIPIENT_CERTIFICATE.equals(e.rule())) {
                // Accepted, so not refused now: a revoked recipient is usually given new keys soon. Tried again at the
                // next key change, expired at sendBefore otherwise.
                if (awaitingKeys.put(id, keysNow()) == null) {
                    LOG.warn("{}: message {} waits in the outbox for new keys of a recipient: {}", node.node(), id, e.getMessage());
                }
                return Retry.AWAITING_KEYS;
            }
            // Refused for good (audited and recorded REJECTED by the submission service): nothing more to send.
            node.status().recordFinal(id, MessageStatus.REJECTED, e.getMessage(), unsent.stream().map(StatusStore.Sent::recipient).toList());
            return Retry.DONE;
        } catch (RuntimeException e) {
            LOG.warn("{}: message {} in the outbox could not be sent ({}); it is tried again", node.node(), id, e.getMessage());
            backOff(e);
            return Retry.BROKER_AWAY;
        }
    }

    /** This node's signer and the registry as loaded now: a change of either is a key change. */
    private Object keysNow() {
        return List.of(submission.signer(), node.directory().version());
    }

    /**
     * The message as it goes out: the archived envelope, unless it was protected longer ago than half the
     * recipients' time window (they would refuse it as stale on arrival): then it is protected again, dated now.
     */
    private Outgoing load(Outbox.Entry entry, List<StatusStore.Sent> unsent) {
        Optional<ArchivedMessage> archived = node.archive().find(entry.envelopeDigest());
        Duration fresh = node.opener().window().width().dividedBy(2);
        if (archived.isEmpty() || archived.get().header().createdAt().plus(fresh).isBefore(node.clock().instant())) {
            return submission.reprotect(entry, unsent, "waited in the outbox longer than the recipients' time window");
        }
        if (unsent.stream().anyMatch(c -> submission.keysReplaced(entry, c.recipient()))) {
            return submission.reprotect(entry, unsent, "a key it was protected with was replaced since (a rotation)");
        }
        MessageHeader header = archived.get().header();
        CaseChange change = entry.caseChange().isEmpty() ? null : CaseChange.from(entry.caseChange()::get);
        return new Outgoing(header, node.archive().body(archived.get()), entry.destinations(), change).with(entry);
    }

    private void expire(Outbox.Entry entry, List<StatusStore.Sent> unsent) {
        List<String> recipients = unsent.stream().map(StatusStore.Sent::recipient).toList();
        String why = "not sent to " + String.join(", ", recipients) + " before " + entry.sendBefore()
                + ": the broker did not take it in time; resubmit it with bus dlq resubmit " + entry.messageId() + " if still needed";
        MessageHeader header = node.archive().find(entry.envelopeDigest()).map(ArchivedMessage::header).orElse(null);
        NodeAudit.awaitDurable(audit.record(AuditEvent.EXPIRED, header, null, why));
        node.status().recordFinal(entry.messageId(), MessageStatus.EXPIRED, why, recipients);
        LOG.warn("{}: message {} expired in the outbox: {}", node.node(), entry.messageId(), why);
    }

    /**
     * The node's keys are valid again (a rotation after a revocation): the next pass sends at once instead of waiting
     * out a back-off that grew while the node could not send (up to {@link #MAX_BACKOFF}).
     */
    void resume() {
        nextPass = Instant.MIN;
    }

    private void backOff(RuntimeException e) {
        backoff = backoff.isZero() ? Duration.ofSeconds(1) : backoff.multipliedBy(2);
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        nextPass = node.clock().instant().plus(backoff);
        if (!unavailableLogged) {
            // One line per outage, not one per retry.
            LOG.warn("{}: the broker does not take messages ({}); the outbox keeps them and tries again", node.node(), e.getMessage());
            unavailableLogged = true;
        }
    }
}
