package eu.bus.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.broker.BusAddresses;
import eu.bus.broker.CaseChange;
import eu.bus.keys.CertificateRejectedException;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import eu.bus.policy.PolicyViolation;
import eu.bus.policy.SubmissionPolicy;
import eu.bus.validation.MessageValidator;
import eu.bus.validation.ValidationError;
import eu.bus.validation.ValidationReport;
import eu.bus.envelope.TimeWindow;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import eu.bus.audit.Sha256;
import java.util.concurrent.CompletableFuture;

/**
 * The one path every submission takes, whatever the entry point (REST, drop directory, CLI):
 * size and schema validation, policy, case rules, protection for the recipients, archive and
 * audit. It returns the message ready for the broker; nothing is sent if any step refuses. A
 * case-lifecycle message then has its change confirmed by the broker before its copies are sent,
 * and changes this node's view of the case only after they were.
 */
public final class SubmissionService {

    private final NodeServices node;
    private final NodeAudit audit;
    private final MessageValidator validator;
    private final SubmissionPolicy policy;
    private final CaseBook cases;
    private final CaseControl caseControl;
    private final Forwards forwards = new Forwards();
    private final MessageIdReuse ids;

    /** How long a message waits in the outbox for the broker, at most, unless it expires sooner (docs/RELIABILITY.md). */
    /** The rule of a refusal because a recipient's certificate is revoked, expired or foreign. */
    static final String RECIPIENT_CERTIFICATE = "recipient-certificate";
    public static final java.time.Duration MAX_QUEUED = java.time.Duration.ofDays(1);

    public SubmissionService(NodeServices node, NodeAudit audit, MessageValidator validator, SubmissionPolicy policy,
                             CaseBook cases, BrokerSender sender) {
        this.node = node;
        this.audit = audit;
        this.validator = validator;
        this.policy = policy;
        this.cases = cases;
        this.caseControl = new CaseControl(sender);
        this.ids = new MessageIdReuse(node.status());
    }

    /** The largest document accepted, in bytes. */
    public long maxBytes() {
        return validator.limits().maxBytes();
    }

    /** Refuses a document by its size alone, before anyone reads it into memory (drop directory). */
    public void checkSize(long size) {
        validator.checkSize(size).ifPresent(error -> refuse(List.of(error)));
    }

    /**
     * Checks, protects, archives and audits a message document; a retry of a message already on the broker
     * (same id, same content) comes back {@link Outgoing#alreadySent}, other content under a used id is refused.
     */
    public Outgoing accept(byte[] document) {
        ValidationReport report = validator.validate(document);
        if (!report.valid()) {
            refuse(report.errors());
        }
        MessageHeader header = report.header();
        byte[] payload = payloadBytes(report);
        String digest = MessageIdReuse.digest(header, payload);
        MessageIdReuse.Verdict verdict;
        try {
            // Before the time check: a retry of a message sent a while ago is still answered with its id.
            verdict = ids.claim(header, digest);
        } catch (PolicyViolation v) {
            throw rejected(header, v);
        }
        try {
            // A retry of a message already in the outbox is answered with its id: the outbox sends it.
            boolean accepted = verdict == MessageIdReuse.Verdict.RETRY_SENT
                    || verdict == MessageIdReuse.Verdict.RETRY_UNSENT && node.outbox().get(header.messageId()).isPresent();
            return accepted ? Outgoing.alreadySent(header) : protect(report, payload, digest, document);
        } finally {
            ids.release(header.messageId());
        }
    }

    private Outgoing protect(ValidationReport report, byte[] payload, String digest, byte[] document) {
        MessageHeader header = report.header();
        try {
            checkTimes(header);
            policy.check(node.node(), header);
            cases.checkCaseRules(header, report.payload());
            forwards.checkSubmission(header, report.payload());
        } catch (PolicyViolation v) {
            throw rejected(header, v);
        }
        CompletableFuture<AuditRecord> submitted = audit.record(AuditEvent.SUBMITTED, header, null);
        List<String> destinations = destinations(header);
        Map<String, CopyKeys> keys = keysNow(header.recipients());
        byte[] protectedBytes = protectOrRefuse(header, payload);
        node.archive().store(header, protectedBytes);
        CompletableFuture<AuditRecord> protectedRecord = audit.record(AuditEvent.PROTECTED, header, protectedBytes,
                "for " + String.join(", ", header.recipients()));
        NodeAudit.awaitDurable(submitted, protectedRecord);
        CaseChange change = cases.changeFor(header, report.payload());
        Outgoing out = new Outgoing(header, protectedBytes, destinations,
                change == null ? null : change.signedWith(node.credentials().signingKey()));
        Instant now = node.clock().instant();
        Outbox.Entry entry = new Outbox.Entry(header.messageId(), Sha256.hex(protectedBytes), protectedWith(keys), out.copies(), WireHeaders.of(header),
                out.caseChange() == null ? Map.of() : out.caseChange().properties(), now, sendBefore(header, now), document);
        // In the outbox before the submitter is answered: from here on the message is not lost, whatever fails.
        node.outbox().put(entry);
        // Before any copy leaves: a fast recipient's receipt is checked against these (recipient, digest).
        node.status().recordSubmitted(header.messageId(), MessageIdReuse.submittedDetail(digest), out.copies());
        return out.with(entry);
    }

    /** Signs and encrypts; a refusal for a certificate (a recipient's, or this node's own) is audited REJECTED first. */
    private byte[] protectOrRefuse(MessageHeader header, byte[] payload) {
        try {
            return node.protector().protect(header, payload);
        } catch (CertificateRejectedException e) {
            // A recipient's certificate is revoked, expired or foreign: nothing is encrypted to it.
            NodeAudit.awaitDurable(audit.record(AuditEvent.REJECTED, header, null, "recipient certificate: " + e.getMessage()));
            throw new SubmissionRejectedException(RECIPIENT_CERTIFICATE, e.getMessage(), List.of());
        } catch (eu.bus.keys.NodeKeysUnusableException e) {
            // This node's own certificate is revoked or invalid: nothing is signed until its keys are rotated.
            NodeAudit.awaitDurable(audit.record(AuditEvent.REJECTED, header, null, "node keys: " + e.getMessage()));
            throw e;
        }
    }

    /** The fingerprint of the certificate this node signs with now. */
    String signer() {
        return eu.bus.keys.CertificateFingerprint.of(node.credentials().signingCertificate());
    }

    /**
     * The keys a copy for each recipient is protected with now, read before protecting: should a rotation swap
     * them meanwhile, {@link #protectedWith} marks the copy as protected with replaced keys, never the reverse.
     */
    private Map<String, CopyKeys> keysNow(java.util.Collection<String> recipients) {
        Map<String, CopyKeys> keys = new java.util.LinkedHashMap<>();
        recipients.forEach(r -> keys.put(r, keysNow(r)));
        return keys;
    }

    /** The keys a copy for {@code recipient} would be protected with now. */
    CopyKeys keysNow(String recipient) {
        String encryptedFor;
        try {
            encryptedFor = eu.bus.keys.CertificateFingerprint.of(node.directory().encryptionCertificate(recipient));
        } catch (RuntimeException unregistered) {
            encryptedFor = CopyKeys.UNKNOWN; // the protector refuses it with the reason
        }
        return new CopyKeys(signer(), encryptedFor);
    }

    /** The keys read before protecting, unless this node's own keys changed meanwhile (the protector may have used either). */
    private Map<String, CopyKeys> protectedWith(Map<String, CopyKeys> before) {
        String signer = signer();
        Map<String, CopyKeys> keys = new java.util.LinkedHashMap<>();
        before.forEach((r, k) -> keys.put(r, k.signedWith().equals(signer) ? k : k.signerChanged()));
        return keys;
    }

    /** Whether the latest copy protected for {@code recipient} used a key that has been replaced since. */
    boolean keysReplaced(Outbox.Entry entry, String recipient) {
        return entry.keysOf(recipient).replacedBy(keysNow(recipient));
    }

    /** How long the outbox keeps trying: until the message expires, or {@link #MAX_QUEUED} after it was accepted. */
    private static Instant sendBefore(MessageHeader header, Instant now) {
        Instant longest = now.plus(MAX_QUEUED);
        return header.expiresAt() != null && header.expiresAt().isBefore(longest) ? header.expiresAt() : longest;
    }

    /**
     * Protects an accepted message again, dated now, for {@code to} (recipient and destination each): after a
     * recipient refused it, after a key it was protected with was replaced, or when it waited in the outbox longer
     * than the recipients' time window. Checks the rules again, audits PROTECTED, writes the outbox entry and the
     * status RESUBMITTED; the caller sends it.
     * <p>
     * The new copy always has a broker duplicate id of its own. Had it kept the earlier copy's (to have the broker
     * drop it should an attempt thought failed have arrived after all), the broker would drop the one copy that can
     * be accepted whenever that earlier copy arrived but is refused (stale, or signed with a replaced key), and the
     * refusal, being about an earlier copy, would not bring it back: the message would wait for a receipt for
     * ever. Two copies are harmless: a recipient that has the message answers the second with a receipt only.
     */
    Outgoing reprotect(Outbox.Entry entry, List<StatusStore.Sent> to, String why) {
        ValidationReport report = validator.validate(entry.document());
        if (!report.valid()) {
            throw new SubmissionRejectedException("invalid", "message " + entry.messageId() + " no longer validates ("
                    + report.errors().get(0).describe() + "); submit a corrected message under a new id", report.errors());
        }
        Instant now = node.clock().instant();
        MessageHeader header = report.header().withCreatedAt(now);
        if (header.expiresAt() != null && !header.expiresAt().isAfter(now)) {
            throw new SubmissionRejectedException("expired", "message " + header.messageId() + " expired at "
                    + header.expiresAt() + "; it is not sent again", List.of());
        }
        try {
            policy.check(node.node(), header);
        } catch (PolicyViolation v) {
            throw rejected(header, v);
        }
        Map<String, CopyKeys> keys = keysNow(to.stream().map(StatusStore.Sent::recipient).toList());
        byte[] protectedBytes = protectOrRefuse(header, payloadBytes(report));
        node.archive().store(header, protectedBytes);
        String digest = Sha256.hex(protectedBytes);
        List<StatusStore.Sent> copies = to.stream().map(c -> new StatusStore.Sent(c.recipient(), digest, c.destination())).toList();
        String recipients = String.join(", ", copies.stream().map(StatusStore.Sent::recipient).toList());
        NodeAudit.awaitDurable(audit.record(AuditEvent.PROTECTED, header, protectedBytes, "again for " + recipients + ": " + why));
        CaseChange change = cases.changeFor(header, report.payload());
        CaseChange signed = change == null ? null : change.signedWith(node.credentials().signingKey());
        Map<String, String> wire = new java.util.LinkedHashMap<>(WireHeaders.of(header));
        wire.put(WireHeaders.DUPLICATE_ID, header.messageId() + "/" + digest.substring(0, 16));
        Outbox.Entry again = entry.reprotected(digest, protectedWith(keys), copies, wire, signed == null ? Map.of() : signed.properties());
        node.outbox().put(again);
        node.status().recordResubmitted(header.messageId(), why, copies);
        return new Outgoing(header, protectedBytes, again.destinations(), signed).with(again);
    }

    /**
     * For a case-lifecycle message: has the broker apply the change of participants before any copy is
     * sent, so of two conflicting changes exactly one goes out. A refusal is audited and thrown.
     */
    public void confirmCaseChange(Outgoing out) {
        if (out.caseChange() == null) {
            return;
        }
        try {
            caseControl.request(out.caseChange());
        } catch (SubmissionRejectedException e) {
            throw rejectedByBroker(out, e);
        }
    }

    /**
     * The broker refused to store a copy (its authorisation said no, e.g. the topic of a case closed or
     * left meanwhile): a final answer for the caller, audited REJECTED, status REJECTED, not a 500.
     */
    public SubmissionRejectedException refusedCopy(Outgoing out, String destination, RuntimeException refusal) {
        return rejectedByBroker(out, new SubmissionRejectedException("broker-refused", "the broker refused message "
                + out.header().messageId() + " for " + destination + ": " + refusal.getMessage()
                + " (this node's view of the case may be behind: check the case's latest lifecycle message)", List.of()));
    }

    private SubmissionRejectedException rejectedByBroker(Outgoing out, SubmissionRejectedException e) {
        audit.record(AuditEvent.REJECTED, out.header(), out.protectedBytes(), "broker " + e.rule() + ": " + e.getMessage()).join();
        node.status().record(out.header().messageId(), MessageStatus.REJECTED, e.getMessage());
        return e;
    }

    /** Once the broker confirmed it: this node's view follows the change (before the copies go out). */
    public void recordCaseChange(Outgoing out) {
        if (out.caseChange() != null) {
            cases.record(out.caseChange());
        }
    }

    /** Receivers refuse what is outside their time window; better to say so now than after it was sent. */
    private void checkTimes(MessageHeader header) {
        Instant now = node.clock().instant();
        TimeWindow window = node.opener().window(); // sent now: the broker's timestamp will be about now
        if (!window.contains(header.createdAt(), now)) {
            throw new PolicyViolation("created-at", "createdAt " + header.createdAt() + " is more than "
                    + window.width().toMinutes() + " minutes from now (" + now + "), so every recipient would"
                    + " refuse the message; set createdAt to the current time (bus submit --fresh does)");
        }
        if (header.expiresAt() != null && !header.expiresAt().isAfter(now)) {
            throw new PolicyViolation("expired", "the message expired at " + header.expiresAt() + "; nothing is sent");
        }
    }

    private SubmissionRejectedException rejected(MessageHeader header, PolicyViolation v) {
        NodeAudit.awaitDurable(audit.record(AuditEvent.REJECTED, header, null, "policy " + v.rule() + ": " + v.getMessage()));
        return new SubmissionRejectedException(v.rule(), v.getMessage(), List.of());
    }

    /**
     * The submitter is told every problem in full (its own data); the audit record, like every reason that
     * leaves this answer, gets the redacted form: pointer and rule, no value from the document.
     */
    private void refuse(List<ValidationError> errors) {
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        NodeAudit.awaitDurable(audit.record(AuditEvent.REJECTED, null, null, "invalid message: " + errors.get(0).redacted() + more));
        throw new SubmissionRejectedException("invalid", "invalid message: " + errors.get(0).describe() + more, errors);
    }

    /** Case messages from a participant go to the case topic; everything else to each recipient's inbox. */
    private List<String> destinations(MessageHeader header) {
        if (cases.publishesToTopic(header)) {
            return List.of(BusAddresses.caseTopic(header.caseId()));
        }
        List<String> inboxes = new ArrayList<>();
        header.recipients().forEach(r -> inboxes.add(BusAddresses.inbox(r)));
        return inboxes;
    }

    private static byte[] payloadBytes(ValidationReport report) {
        try {
            return Json.mapper().writeValueAsBytes(report.payload());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
