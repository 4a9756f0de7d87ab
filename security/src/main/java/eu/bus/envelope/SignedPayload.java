package eu.bus.envelope;

import eu.bus.keys.Algorithms;
import eu.bus.keys.CertificateNames;
import eu.bus.keys.Pem;
import eu.bus.keys.Providers;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The signed inside of a bus message: parses the SignedData, requires exactly one signer whose certificate
 * is in the message, and verifies the signature and the message digest. Trust in the certificate is a separate
 * step ({@code BusTrust}). Signer certificates and their verifiers are cached by encoding: the same few node
 * certificates arrive on every message and need not be parsed again.
 */
final class SignedPayload {

    private static final int MAX_CACHED = 1_000;
    private static final Algorithms ALG = Algorithms.CURRENT;
    private static final DigestCalculatorProvider DIGESTS = digests();

    private static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest provider", e);
        }
    }

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
        checkAlgorithms(signed, info);
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(info.getSID());
        if (matches.isEmpty()) {
            throw new MalformedEnvelopeException("the SignedData does not include the signer's certificate; the bus requires it");
        }
        return new Parsed(signed, info, signerFor(matches.iterator().next()));
    }

    /**
     * Pins digest and signature to the suite. The signature check alone would not: BouncyCastle digests the content
     * with the signer info's digest algorithm and only the signed attributes with the signature's, so an
     * ecdsa-with-SHA256 signature over an MD5 or SHA-1 messageDigest verifies while the content rests on a broken hash.
     * Refused as malformed, not as a bad signature: the signature may be genuine, and resending cannot help; the
     * sender's software must change.
     */
    private static void checkAlgorithms(CMSSignedData signed, SignerInformation info) {
        ASN1ObjectIdentifier digest = info.getDigestAlgorithmID().getAlgorithm();
        if (!ALG.digestOid.equals(digest)) {
            throw new MalformedEnvelopeException("the signer digests the content with " + Algorithms.describe(digest)
                    + "; the bus requires " + Algorithms.describe(ALG.digestOid) + ": the sender must sign with "
                    + ALG.signature + " ('openssl cms -sign -md sha256')");
        }
        ASN1ObjectIdentifier signature = new ASN1ObjectIdentifier(info.getEncryptionAlgOID());
        if (!ALG.signatureOid.equals(signature)) {
            throw new MalformedEnvelopeException("the signer signs with " + Algorithms.describe(signature)
                    + "; the bus requires " + Algorithms.describe(ALG.signatureOid) + ": the sender must sign with "
                    + ALG.signature + " ('openssl cms -sign -md sha256' with its P-256 signing key)");
        }
        for (AlgorithmIdentifier listed : signed.getDigestAlgorithmIDs()) {
            if (!ALG.digestOid.equals(listed.getAlgorithm())) {
                throw new MalformedEnvelopeException("the SignedData lists the digest algorithm "
                        + Algorithms.describe(listed.getAlgorithm()) + "; a bus message lists only "
                        + Algorithms.describe(ALG.digestOid) + ": it was not made by a bus node or by 'openssl cms -sign -md sha256'");
            }
        }
    }

    /** The certificate's key as a BouncyCastle key object (the JDK's would be converted, and lose the precomputation, per call). */
    private static PublicKey bouncyCastleKey(X509Certificate certificate) {
        try {
            return KeyFactory.getInstance(Algorithms.CURRENT.keyAlgorithm, Providers.bouncyCastle())
                    .generatePublic(new X509EncodedKeySpec(certificate.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new MalformedEnvelopeException("the signer certificate's public key is unreadable: " + e.getMessage(), e);
        }
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
            // Built on one long-lived PublicKey object: BouncyCastle keeps its ECDSA precomputation for the point on
            // that object, so re-deriving the key from the certificate per message would redo it (about 100 us).
            // The digest runs on the default provider (SUN, SHA intrinsics), the ECDSA check on BouncyCastle.
            SignerInformationVerifier verifier = new SignerInformationVerifier(
                    new DefaultCMSSignatureAlgorithmNameGenerator(), new DefaultSignatureAlgorithmIdentifierFinder(),
                    new EcdsaVerifierProvider(bouncyCastleKey(certificate)), DIGESTS);
            Signer signer = new Signer(certificate, CertificateNames.nodeIdOf(certificate), verifier);
            if (signers.size() >= MAX_CACHED) {
                signers.clear();
            }
            signers.put(key, signer);
            return signer;
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvelopeException("the signer certificate is unreadable: " + e.getMessage(), e);
        }
    }
}
