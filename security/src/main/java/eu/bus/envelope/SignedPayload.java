package eu.bus.envelope;

import eu.bus.keys.Algorithms;
import eu.bus.keys.CertificateNames;
import eu.bus.keys.Pem;
import eu.bus.keys.Providers;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The signed inside of a bus message: parses the SignedData, requires exactly one signer whose certificate
 * is in the message, and verifies the signature and the message digest. Trust in the certificate is a separate
 * step ({@code BusTrust}). Signer certificates and their verifiers are cached by encoding: the same few node
 * certificates arrive on every message and need not be parsed again.
 */
final class SignedPayload {

    private static final int MAX_CACHED = 1_000;

    /** A parsed signer certificate with a verifier ready for it. */
    record Signer(X509Certificate certificate, String nodeId, SignerInformationVerifier verifier) {
    }

    private final Map<ByteBuffer, Signer> signers = new ConcurrentHashMap<>();

    /** A parsed SignedData with its one signer; the signature is not verified yet. */
    final class Parsed {
        private final CMSSignedData signed;
        private final SignerInformation info;
        private final Signer signer;

        private Parsed(CMSSignedData signed, SignerInformation info, Signer signer) {
            this.signed = signed;
            this.info = info;
            this.signer = signer;
        }

        Signer signer() {
            return signer;
        }

        AttributeTable signedAttributes() {
            return info.getSignedAttributes();
        }

        byte[] content() {
            return (byte[]) signed.getSignedContent().getContent();
        }

        /**
         * Verifies signature, message digest and content type. Call after the certificate has been validated:
         * BouncyCastle also compares signingTime with the certificate's validity and would otherwise report an
         * expired certificate as a bad signature.
         */
        void verifySignature() {
            boolean valid;
            try {
                valid = info.verify(signer.verifier());
            } catch (CMSException | RuntimeException e) {
                throw new SignatureInvalidException("the signature of '" + signer.nodeId() + "' does not verify ("
                        + e.getMessage() + "): the body was altered after signing; discard it and ask the sender to resend", e);
            }
            if (!valid) {
                throw new SignatureInvalidException("the signature of '" + signer.nodeId() + "' does not verify: the body or "
                        + "its signed attributes were altered after signing; discard it and ask the sender to resend");
            }
        }
    }

    Parsed parse(byte[] der) {
        try {
            return parseStructure(der);
        } catch (EnvelopeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedEnvelopeException("the decrypted SignedData is not well-formed (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "): the sender's software is faulty", e);
        }
    }

    private Parsed parseStructure(byte[] der) {
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(der);
        } catch (CMSException | RuntimeException e) {
            throw new MalformedEnvelopeException("the decrypted body is not a CMS SignedData (" + e.getMessage()
                    + "): the sender encrypted an unsigned body; bus messages are signed, then encrypted", e);
        }
        if (!CMSObjectIdentifiers.data.equals(signed.getSignedContentType()) || signed.getSignedContent() == null) {
            throw new MalformedEnvelopeException("the SignedData does not encapsulate its payload as id-data "
                    + "(detached or of type " + signed.getSignedContentType() + "); sign with 'openssl cms -sign -nodetach -binary'");
        }
        Collection<SignerInformation> all = signed.getSignerInfos().getSigners();
        if (all.size() != 1) {
            throw new MalformedEnvelopeException("the SignedData has " + all.size() + " signers; a bus message has exactly one");
        }
        SignerInformation info = all.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(info.getSID());
        if (matches.isEmpty()) {
            throw new MalformedEnvelopeException("the SignedData does not include the signer's certificate; the bus requires it");
        }
        return new Parsed(signed, info, signerFor(matches.iterator().next()));
    }

    private Signer signerFor(X509CertificateHolder holder) {
        ByteBuffer key;
        try {
            key = ByteBuffer.wrap(holder.getEncoded());
        } catch (java.io.IOException e) {
            throw new MalformedEnvelopeException("the signer certificate cannot be encoded: " + e.getMessage(), e);
        }
        Signer cached = signers.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            X509Certificate certificate = Pem.toCertificate(holder);
            if (!Algorithms.CURRENT.keyAlgorithm.equals(certificate.getPublicKey().getAlgorithm())
                    && !"ECDSA".equals(certificate.getPublicKey().getAlgorithm())) {
                throw new MalformedEnvelopeException("the signer certificate holds a " + certificate.getPublicKey().getAlgorithm()
                        + " key; the bus signs with " + Algorithms.CURRENT.curveDisplayName + " ECDSA");
            }
            Signer signer = new Signer(certificate, CertificateNames.nodeIdOf(certificate),
                    new JcaSimpleSignerInfoVerifierBuilder().setProvider(Providers.bouncyCastle()).build(holder));
            if (signers.size() >= MAX_CACHED) {
                signers.clear();
            }
            signers.put(key, signer);
            return signer;
        } catch (OperatorCreationException | java.security.cert.CertificateException | IllegalArgumentException e) {
            throw new MalformedEnvelopeException("the signer certificate is unreadable: " + e.getMessage(), e);
        }
    }
}
