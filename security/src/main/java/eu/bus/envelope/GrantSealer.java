package eu.bus.envelope;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;

/**
 * Seals a message a node received again, for one other node (an auditor) under an explicit grant: the content its
 * sender signed, byte for byte (so the sender's signature and header binding still verify), in a new
 * AuthEnvelopedData that only the grantee's encryption key opens ({@link MessageOpener#openGranted}). The recipient
 * never hands out its own key, and the grantee can read nothing it was not granted.
 */
public final class GrantSealer {

    private final OriginatorKey originator = new OriginatorKey(Clock.systemUTC(), MessageProtector.DEFAULT_ORIGINATOR_KEY_AGE,
            MessageProtector.DEFAULT_ORIGINATOR_KEY_USES);

    /** The opened message's signed content, encrypted for {@code grantee} (its encryption certificate, checked by the caller). */
    public byte[] seal(OpenedMessage opened, X509Certificate grantee) {
        try {
            return AuthEnvelope.seal(opened.signedData(), CMSObjectIdentifiers.data, List.of(grantee), originator.next());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal message " + opened.header().messageId() + " for the grantee: "
                    + e.getMessage(), e);
        }
    }
}
