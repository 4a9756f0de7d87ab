package eu.bus.envelope;

import eu.bus.keys.KeyPurpose;
import eu.bus.keys.LiveCredentials;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.message.MessageHeader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;

/**
 * Recipient side: opens a protected body and decides whether to trust it. Checks, in this order (cheap header
 * checks first so that junk costs no crypto; every later check runs only on authenticated data):
 * <ol>
 *   <li>this node is among the header's recipients ({@link NotARecipientException});</li>
 *   <li>header createdAt within the window around the time the message reached the broker
 *       ({@link TimestampOutOfWindowException}), expiresAt not passed ({@link MessageExpiredException}); see
 *       {@link TimeWindow};</li>
 *   <li>the bytes are a CMS AuthEnvelopedData with accepted algorithms ({@link MalformedEnvelopeException}) holding a
 *       recipient info for this node's encryption certificate ({@link NotARecipientException});</li>
 *   <li>the content key unwraps and the AES-GCM tag verifies ({@link DecryptionFailedException});</li>
 *   <li>the content is a SignedData with exactly one signer and its certificate, digest and signature algorithms those
 *       of {@code Algorithms.CURRENT} (SHA-256, ecdsa-with-SHA256) ({@link MalformedEnvelopeException});</li>
 *   <li>the signer certificate chains to the bus CA, is valid now, not revoked, fit for signing, and is the
 *       signing certificate the registry pins for the node it names ({@code CertificateRejectedException}
 *       subclasses, {@code UnregisteredCertificateException} for the last; see {@link NodeTrust});</li>
 *   <li>the signature and the message digest verify ({@link SignatureInvalidException});</li>
 *   <li>the signer is the header's sender ({@link SignerMismatchException});</li>
 *   <li>the signed header digest matches the clear header ({@link HeaderBindingException}).</li>
 * </ol>
 * Thread-safe; build one per node and reuse it. It decrypts with the node's keys as they are at each call
 * ({@link LiveCredentials}) and, after a rotation in this process, also with the encryption key it replaced, so
 * messages already on their way to the old certificate still open.
 */
public final class MessageOpener {

    public static final Duration DEFAULT_WINDOW = TimeWindow.DEFAULT;
    private static final int KEK_CACHE_SIZE = 4_096;

    private final LiveCredentials self;
    private final NodeTrust trust;
    private final Clock clock;
    private final TimeWindow window;
    /** For the credentials it was made for (and the ones before); replaced when they change. */
    private volatile RecipientKeys keys;
    private final SignedPayload signedPayload = new SignedPayload();

    public MessageOpener(NodeCredentials self, NodeTrust trust, Clock clock) {
        this(LiveCredentials.fixed(self), trust, clock, DEFAULT_WINDOW);
    }

    public MessageOpener(LiveCredentials self, NodeTrust trust, Clock clock) {
        this(self, trust, clock, DEFAULT_WINDOW);
    }

    public MessageOpener(NodeCredentials self, NodeTrust trust, Clock clock, Duration window) {
        this(LiveCredentials.fixed(self), trust, clock, window);
    }

    public MessageOpener(LiveCredentials self, NodeTrust trust, Clock clock, Duration window) {
        this.self = self;
        this.keys = new RecipientKeys(self.current(), KEK_CACHE_SIZE);
        this.trust = trust;
        this.clock = clock;
        this.window = new TimeWindow(window);
    }

    /** The freshness rule this opener applies (submissions use the same). */
    public TimeWindow window() {
        return window;
    }

    /** Opens a bus message sent just now (no broker timestamp at hand): every check above. */
    public OpenedMessage open(MessageHeader header, byte[] protectedBytes) {
        return open(header, protectedBytes, clock.instant());
    }

    /**
     * Opens a bus message that reached the broker at {@code sentAt} (the broker's timestamp): every check
     * above, including the header binding; createdAt is judged against {@code sentAt}, not against now.
     */
    public OpenedMessage open(MessageHeader header, byte[] protectedBytes, Instant sentAt) {
        return open(header, protectedBytes, sentAt, true);
    }

    /**
     * Opens a message made by stock tools ({@code openssl cms -sign | openssl cms -encrypt}), which cannot add the
     * header-digest attribute: every check runs except the header binding, and the result says
     * {@code headerBound == false}. The header is then NOT authenticated (only body, signer, recipient are):
     * use this for interoperability and audits, never to route or to apply handling codes.
     */
    public OpenedMessage openUnbound(MessageHeader header, byte[] protectedBytes) {
        return open(header, protectedBytes, clock.instant(), false);
    }

    /**
     * Opens again a message this node already accepted, to consult it later (its archived copy, found by the
     * digest its audit record holds): decryption, signature, signer and header binding, as on arrival. Not the
     * time window, the expiry or today's trust in the signer's certificate: those were judged when it arrived,
     * and an old message must stay readable after it expired or its sender rotated keys. Never use this to
     * accept a message.
     */
    public OpenedMessage openAccepted(MessageHeader header, byte[] protectedBytes) {
        checkAddressedToMe(header);
        byte[] signedData = decrypt(protectedBytes);
        return verified(header, signedPayload.parse(signedData), signedData, true);
    }

    /**
     * Opens a message its recipient sealed again for this node (an auditor) under a grant ({@link GrantSealer}):
     * decryption with this node's keys, then the original sender's signature, signer and header binding, as on
     * arrival. Not addressed to this node and not fresh: the grant, audited by the recipient, is why it may be read.
     */
    public OpenedMessage openGranted(MessageHeader header, byte[] granted) {
        byte[] signedData = decrypt(granted);
        return verified(header, signedPayload.parse(signedData), signedData, true);
    }

    private OpenedMessage open(MessageHeader header, byte[] protectedBytes, Instant sentAt, boolean requireBinding) {
        Instant now = clock.instant();
        checkAddressedToMe(header);
        window.check(header, sentAt, now);
        byte[] signedData = decrypt(protectedBytes);
        SignedPayload.Parsed signed = signedPayload.parse(signedData);
        trust.authenticate(signed.signer().certificate(), KeyPurpose.SIGNING, now);
        return verified(header, signed, signedData, requireBinding);
    }

    /** The decrypted content, still signed, once the envelope checked out. */
    private byte[] decrypt(byte[] protectedBytes) {
        RecipientKeys keys = currentKeys();
        AuthEnvelope.Opened envelope;
        try {
            envelope = AuthEnvelope.open(protectedBytes, keys);
        } catch (NotARecipientException e) {
            // A sender follows the registry and may encrypt to this node's new certificate a moment before this
            // node has loaded its new keys: look at the key stores now, and try once more if they changed.
            self.refresh();
            RecipientKeys now = currentKeys();
            if (now == keys) {
                throw e;
            }
            envelope = AuthEnvelope.open(protectedBytes, now);
        }
        if (!CMSObjectIdentifiers.signedData.equals(envelope.contentType())
                && !CMSObjectIdentifiers.data.equals(envelope.contentType())) {
            throw new MalformedEnvelopeException("the envelope declares its content as " + envelope.contentType()
                    + "; a bus message holds a SignedData");
        }
        return envelope.content();
    }

    private OpenedMessage verified(MessageHeader header, SignedPayload.Parsed signed, byte[] signedData, boolean requireBinding) {
        signed.verifySignature();
        String signer = signed.signer().nodeId();
        if (!header.sender().equals(signer)) {
            throw new SignerMismatchException("message " + header.messageId() + " names '" + header.sender()
                    + "' as sender but was signed by '" + signer + "': a node may only send in its own name; "
                    + "discard it and report it to the bus operator");
        }
        if (requireBinding) {
            HeaderBinding.check(signed.signedAttributes(), header, signer);
        }
        return new OpenedMessage(header, signed.content(), signer, signed.signer().certificate(), requireBinding,
                signedData);
    }

    /**
     * Verifies a SignedData that another node forwarded (the original sender's signed message, carried
     * inside a forwarded-message): the signature, the signer's certificate now (trusted and the one registered
     * for its node), that the signer is the original header's sender, and the header binding. There is no decryption, recipient or time-window
     * check: the original was addressed to the forwarder, and may be older than the window.
     */
    public OpenedMessage verifyForwarded(MessageHeader originalHeader, byte[] signedData) {
        SignedPayload.Parsed signed = signedPayload.parse(signedData);
        trust.authenticate(signed.signer().certificate(), KeyPurpose.SIGNING, clock.instant());
        signed.verifySignature();
        String signer = signed.signer().nodeId();
        if (!originalHeader.sender().equals(signer)) {
            throw new SignerMismatchException("the forwarded message " + originalHeader.messageId() + " names '"
                    + originalHeader.sender() + "' as sender but was signed by '" + signer + "': its provenance is false; "
                    + "discard it and report it to the bus operator");
        }
        HeaderBinding.check(signed.signedAttributes(), originalHeader, signer);
        return new OpenedMessage(originalHeader, signed.content(), signer, signed.signer().certificate(), true, signedData);
    }

    private RecipientKeys currentKeys() {
        RecipientKeys current = keys;
        NodeCredentials now = self.current();
        if (current.self() != now) {
            synchronized (this) {
                current = keys;
                if (current.self() != now) {
                    current = new RecipientKeys(now, KEK_CACHE_SIZE, current);
                    keys = current;
                }
            }
        }
        return current;
    }

    private void checkAddressedToMe(MessageHeader header) {
        if (!header.isAddressedTo(self.nodeId())) {
            throw new NotARecipientException("message " + header.messageId() + " is addressed to " + header.recipients()
                    + ", not to '" + self.nodeId() + "': it was delivered to the wrong inbox; report it to the bus operator");
        }
    }
}
