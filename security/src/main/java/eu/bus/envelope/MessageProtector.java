package eu.bus.envelope;

import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.LiveCredentials;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.message.MessageHeader;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;

/**
 * Sender side: signs the payload with the header bound to it, then encrypts the SignedData for every recipient
 * in the header (CMS AuthEnvelopedData, AES-256-GCM, one ECDH KeyAgreeRecipientInfo each). Thread-safe; build
 * one per node and reuse it (it caches the originator key and recipient key-encryption keys). It signs with the
 * node's keys as they are at each call ({@link LiveCredentials}), and refuses to while they are revoked.
 */
public final class MessageProtector {

    /** How long one originator key is reused (see docs/SECURITY.md, "Caching"). */
    public static final Duration DEFAULT_ORIGINATOR_KEY_AGE = Duration.ofMinutes(10);
    public static final long DEFAULT_ORIGINATOR_KEY_USES = 10_000;

    private final LiveCredentials sender;
    private final CertificateDirectory directory;
    private final NodeTrust trust;
    private final Clock clock;
    private final OriginatorKey originator;
    /** For the credentials it was made for; replaced when they change (a rotation). */
    private volatile PayloadSigner signer;

    public MessageProtector(NodeCredentials sender, CertificateDirectory directory, NodeTrust trust, Clock clock) {
        this(LiveCredentials.fixed(sender), directory, trust, clock);
    }

    public MessageProtector(LiveCredentials sender, CertificateDirectory directory, NodeTrust trust, Clock clock) {
        this(sender, directory, trust, clock, DEFAULT_ORIGINATOR_KEY_AGE, DEFAULT_ORIGINATOR_KEY_USES);
    }

    public MessageProtector(NodeCredentials sender, CertificateDirectory directory, NodeTrust trust, Clock clock,
                            Duration originatorKeyAge, long originatorKeyUses) {
        this(LiveCredentials.fixed(sender), directory, trust, clock, originatorKeyAge, originatorKeyUses);
    }

    public MessageProtector(LiveCredentials sender, CertificateDirectory directory, NodeTrust trust, Clock clock,
                            Duration originatorKeyAge, long originatorKeyUses) {
        this.sender = sender;
        this.directory = directory;
        this.trust = trust;
        this.clock = clock;
        this.signer = new PayloadSigner(sender.current(), clock);
        this.originator = new OriginatorKey(clock, originatorKeyAge, originatorKeyUses);
    }

    /**
     * DER bytes of a CMS ContentInfo (AuthEnvelopedData around SignedData) for the header's recipients.
     * Refuses a header whose sender is not this node, and recipients whose certificates the bus CA does not
     * vouch for right now (revoked, expired, foreign) or the registry does not pin (the directory follows the
     * registry, so a rotated node gets its new certificate): nothing is encrypted to a key that may be compromised.
     *
     * @throws eu.bus.keys.NodeKeysUnusableException while this node's own certificate is revoked, expired or replaced
     */
    public byte[] protect(MessageHeader header, byte[] payloadJson) {
        NodeCredentials self = sender.requireUsable();
        if (!self.nodeId().equals(header.sender())) {
            throw new IllegalArgumentException("message " + header.messageId() + " names '" + header.sender()
                    + "' as sender but this node is '" + self.nodeId() + "': a node only sends in its own name");
        }
        if (header.recipients().isEmpty()) {
            throw new IllegalArgumentException("message " + header.messageId() + " has no recipients");
        }
        List<X509Certificate> recipients = new ArrayList<>(header.recipients().size());
        for (String recipient : header.recipients()) {
            X509Certificate certificate = directory.encryptionCertificate(recipient);
            trust.verify(recipient, certificate, KeyPurpose.ENCRYPTION, clock.instant());
            recipients.add(certificate);
        }
        try {
            byte[] signed = signerFor(self).sign(header, payloadJson);
            // Inner type id-data, as OpenSSL's own sign-then-encrypt produces: RFC 5083 would require authAttrs
            // (a content-type attribute as GCM AAD) for any other type. The bytes are a self-describing ContentInfo.
            return AuthEnvelope.seal(signed, CMSObjectIdentifiers.data, recipients, originator.next());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot protect message " + header.messageId() + ": " + e.getMessage(), e);
        }
    }

    private PayloadSigner signerFor(NodeCredentials self) {
        PayloadSigner current = signer;
        if (current.sender() != self) {
            current = new PayloadSigner(self, clock); // two threads may both make one after a rotation: harmless
            signer = current;
        }
        return current;
    }
}
