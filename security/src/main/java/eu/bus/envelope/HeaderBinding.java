package eu.bus.envelope;

import eu.bus.keys.Algorithms;
import eu.bus.message.HeaderCodec;
import eu.bus.message.MessageHeader;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * Binds the clear header to the signed body: a signed attribute {@link Algorithms#HEADER_DIGEST_ATTRIBUTE}
 * whose value is a DigestInfo (algorithm + digest) over {@link HeaderCodec#canonicalBytes}. The signature covers
 * the signed attributes, so any change of meaning in the header (a recipient added, the handling code lowered,
 * the case id changed) no longer matches what the sender signed. Carrying the digest algorithm keeps it agile.
 */
final class HeaderBinding {

    private HeaderBinding() {
    }

    static Attribute attributeFor(MessageHeader header) {
        Algorithms alg = Algorithms.CURRENT;
        DigestInfo value = new DigestInfo(new AlgorithmIdentifier(alg.digestOid), digest(alg.digest, header));
        return new Attribute(Algorithms.HEADER_DIGEST_ATTRIBUTE, new DERSet(value));
    }

    /** Throws {@link HeaderBindingException} unless the signed attributes hold the digest of exactly this header. */
    static void check(AttributeTable signedAttributes, MessageHeader header, String signer) {
        Attribute attribute = signedAttributes == null ? null : signedAttributes.get(Algorithms.HEADER_DIGEST_ATTRIBUTE);
        if (attribute == null) {
            throw new HeaderBindingException("message " + header.messageId() + " from '" + signer + "' carries no signed "
                    + "header digest (attribute " + Algorithms.HEADER_DIGEST_ATTRIBUTE + "), so its clear header is not "
                    + "authenticated: it was not produced by a bus node; an auditor may still check the body with openUnbound");
        }
        DigestInfo signed;
        try {
            ASN1Encodable[] values = attribute.getAttributeValues();
            if (values.length != 1) {
                throw new IllegalArgumentException(values.length + " values");
            }
            signed = DigestInfo.getInstance(values[0]);
        } catch (RuntimeException e) {
            throw new HeaderBindingException("the signed header digest of message " + header.messageId()
                    + " is unreadable (" + e.getMessage() + "): the sender's software is faulty", e);
        }
        if (!Algorithms.CURRENT.digestOid.equals(signed.getAlgorithmId().getAlgorithm())) {
            throw new HeaderBindingException("the header digest of message " + header.messageId() + " uses "
                    + signed.getAlgorithmId().getAlgorithm() + "; the bus accepts " + Algorithms.CURRENT.digest);
        }
        if (!MessageDigest.isEqual(signed.getDigest(), digest(Algorithms.CURRENT.digest, header))) {
            throw new HeaderBindingException("the clear header of message " + header.messageId() + " differs from the "
                    + "header '" + signer + "' signed: a header field (recipients, handling code, case id, ...) was changed "
                    + "after signing; do not act on this header, discard the message and report it");
        }
    }

    private static byte[] digest(String algorithm, MessageHeader header) {
        try {
            return MessageDigest.getInstance(algorithm).digest(HeaderCodec.canonicalBytes(header));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
