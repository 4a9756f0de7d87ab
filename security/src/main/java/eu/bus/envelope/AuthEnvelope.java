package eu.bus.envelope;

import eu.bus.keys.Algorithms;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Providers;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.OriginatorIdentifierOrKey;
import org.bouncycastle.asn1.cms.OriginatorPublicKey;
import org.bouncycastle.asn1.cms.RecipientEncryptedKey;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * CMS AuthEnvelopedData (RFC 5083) with AES-GCM content encryption (RFC 5084) and one ECDH
 * KeyAgreeRecipientInfo per recipient (RFC 5753), encoded and decoded directly with the BouncyCastle ASN.1
 * classes. Done by hand rather than with CMSAuthEnvelopedDataGenerator so that (a) the key-encryption key per
 * recipient can be cached ({@link OriginatorKey}, {@link RecipientKeys}) and (b) the bulk AES-GCM runs on
 * SunJCE. The output is plain standard CMS: {@code openssl cms -decrypt} opens it.
 */
final class AuthEnvelope {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Algorithms ALG = Algorithms.CURRENT;

    private AuthEnvelope() {
    }

    /** Encrypts {@code content} (of CMS type {@code contentType}) for every recipient certificate. */
    static byte[] seal(byte[] content, ASN1ObjectIdentifier contentType, List<X509Certificate> recipients,
                       OriginatorKey.Generation originator) throws GeneralSecurityException {
        byte[] cek = new byte[ALG.contentKeyBytes];
        byte[] nonce = new byte[ALG.gcmNonceBytes];
        RANDOM.nextBytes(cek);
        RANDOM.nextBytes(nonce);
        SecretKey contentKey = new SecretKeySpec(cek, "AES");
        Cipher gcm = Cipher.getInstance(ALG.contentCipher, Algorithms.BULK_CIPHER_PROVIDER);
        gcm.init(Cipher.ENCRYPT_MODE, contentKey, new GCMParameterSpec(ALG.gcmTagBytes * 8, nonce));
        byte[] sealed = gcm.doFinal(content);
        byte[] ciphertext = Arrays.copyOfRange(sealed, 0, sealed.length - ALG.gcmTagBytes);
        byte[] tag = Arrays.copyOfRange(sealed, sealed.length - ALG.gcmTagBytes, sealed.length);

        OriginatorIdentifierOrKey originatorKey = new OriginatorIdentifierOrKey(new OriginatorPublicKey(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey), originator.publicPoint));
        AlgorithmIdentifier keyEncryption = new AlgorithmIdentifier(ALG.keyAgreementOid, new AlgorithmIdentifier(ALG.keyWrapOid));
        ASN1EncodableVector infos = new ASN1EncodableVector();
        Cipher wrap = Cipher.getInstance(ALG.keyWrap, Algorithms.BULK_CIPHER_PROVIDER);
        for (X509Certificate certificate : recipients) {
            OriginatorKey.Recipient recipient = originator.recipient(certificate);
            wrap.init(Cipher.WRAP_MODE, recipient.kek());
            RecipientEncryptedKey encryptedKey = new RecipientEncryptedKey(recipient.id(), new DEROctetString(wrap.wrap(contentKey)));
            infos.add(new RecipientInfo(new KeyAgreeRecipientInfo(originatorKey, null, keyEncryption, new DERSequence(encryptedKey))));
        }
        Arrays.fill(cek, (byte) 0);

        EncryptedContentInfo encrypted = new EncryptedContentInfo(contentType,
                new AlgorithmIdentifier(ALG.contentCipherOid, new GCMParameters(nonce, ALG.gcmTagBytes)),
                new DEROctetString(ciphertext));
        AuthEnvelopedData data = new AuthEnvelopedData(null, new DERSet(infos), encrypted, null, new DEROctetString(tag), null);
        try {
            return new ContentInfo(CMSObjectIdentifiers.authEnvelopedData, data).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode AuthEnvelopedData", e);
        }
    }

    /** What came out of the envelope: the inner content and the type the sender declared for it. */
    record Opened(ASN1ObjectIdentifier contentType, byte[] content) {
    }

    /** Finds this node's recipient info, recovers the content key and decrypts + authenticates the content. */
    static Opened open(byte[] der, RecipientKeys me) {
        try {
            return openParsed(parse(der), me);
        } catch (EnvelopeException e) {
            throw e;
        } catch (RuntimeException e) {
            // BouncyCastle parses nested structures lazily: a damaged inner field surfaces here, not in parse().
            throw new MalformedEnvelopeException("the protected body is not a well-formed CMS AuthEnvelopedData ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "): it was damaged or not made by a bus node", e);
        }
    }

    private static Opened openParsed(AuthEnvelopedData data, RecipientKeys me) {
        if (data.getVersion().intValueExact() != 0) {
            throw new MalformedEnvelopeException("AuthEnvelopedData version " + data.getVersion() + "; RFC 5083 requires 0");
        }
        EncryptedContentInfo encrypted = data.getAuthEncryptedContentInfo();
        AlgorithmIdentifier contentAlg = encrypted.getContentEncryptionAlgorithm();
        if (!ALG.contentCipherOid.equals(contentAlg.getAlgorithm())) {
            throw new MalformedEnvelopeException("the body is encrypted with " + contentAlg.getAlgorithm()
                    + "; the bus accepts only AES-256-GCM (" + ALG.contentCipherOid + ")");
        }
        GCMParameters gcmParams;
        try {
            gcmParams = GCMParameters.getInstance(contentAlg.getParameters());
        } catch (RuntimeException e) {
            throw new MalformedEnvelopeException("the AES-GCM parameters of the envelope are unreadable", e);
        }
        if (gcmParams.getIcvLen() != ALG.gcmTagBytes || gcmParams.getNonce().length != ALG.gcmNonceBytes) {
            throw new MalformedEnvelopeException("the envelope uses a " + gcmParams.getIcvLen() + "-byte GCM tag and a "
                    + gcmParams.getNonce().length + "-byte nonce; the bus requires " + ALG.gcmTagBytes + " and " + ALG.gcmNonceBytes);
        }
        ASN1OctetString ciphertext = encrypted.getEncryptedContent();
        if (ciphertext == null || data.getMac() == null || data.getMac().getOctets().length != ALG.gcmTagBytes) {
            throw new MalformedEnvelopeException("the envelope carries no encrypted content or no " + ALG.gcmTagBytes
                    + "-byte authentication tag");
        }
        SecretKey contentKey = unwrapContentKey(data.getRecipientInfos(), me);
        if (contentKey.getEncoded().length != ALG.contentKeyBytes) {
            // The OID says AES-256; a shorter unwrapped key would silently downgrade to AES-128/192.
            throw new DecryptionFailedException("the unwrapped content key has " + contentKey.getEncoded().length
                    + " bytes, not the " + ALG.contentKeyBytes + " that AES-256-GCM needs: the sender's software is faulty");
        }
        try {
            Cipher gcm = Cipher.getInstance(ALG.contentCipher, Algorithms.BULK_CIPHER_PROVIDER);
            gcm.init(Cipher.DECRYPT_MODE, contentKey, new GCMParameterSpec(ALG.gcmTagBytes * 8, gcmParams.getNonce()));
            ASN1Set authAttrs = data.getAuthAttrs();
            if (authAttrs != null) {
                gcm.updateAAD(authAttrs.getEncoded(ASN1Encoding.DER)); // RFC 5083: DER of the SET OF
            }
            gcm.update(ciphertext.getOctets());
            byte[] plain = gcm.doFinal(data.getMac().getOctets());
            return new Opened(encrypted.getContentType(), plain);
        } catch (AEADBadTagException e) {
            throw new DecryptionFailedException("the encrypted body or its GCM authentication tag was altered in transit "
                    + "(the tag does not verify): discard the message and ask the sender to resend it", e);
        } catch (GeneralSecurityException | IOException e) {
            throw new DecryptionFailedException("the body cannot be decrypted: " + e.getMessage(), e);
        }
    }

    private static AuthEnvelopedData parse(byte[] der) {
        if (der == null || der.length == 0) {
            throw new MalformedEnvelopeException("the protected body is empty: the message carries no CMS envelope");
        }
        try {
            ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (!CMSObjectIdentifiers.authEnvelopedData.equals(info.getContentType())) {
                throw new MalformedEnvelopeException("the protected body is CMS " + info.getContentType()
                        + ", not AuthEnvelopedData (" + CMSObjectIdentifiers.authEnvelopedData + "): it was not produced by a bus node "
                        + "or by 'openssl cms -encrypt -aes-256-gcm'");
            }
            return AuthEnvelopedData.getInstance(info.getContent());
        } catch (IOException | RuntimeException e) {
            if (e instanceof EnvelopeException ee) {
                throw ee;
            }
            throw new MalformedEnvelopeException("the protected body (" + der.length + " bytes) is not a DER-encoded CMS "
                    + "AuthEnvelopedData (truncated or not CMS at all): " + e.getMessage(), e);
        }
    }

    /**
     * The content key from this node's recipient info: for its current encryption certificate, or else for one its
     * rotations replaced (messages encrypted before the senders saw the new certificate, or archived long ago).
     */
    private static SecretKey unwrapContentKey(ASN1Set recipientInfos, RecipientKeys me) {
        for (RecipientKeys keys : me.withRetired()) {
            SecretKey found = unwrapContentKeyFor(recipientInfos, keys);
            if (found != null) {
                return found;
            }
        }
        NodeCredentials self = me.self();
        throw new NotARecipientException("the message holds no recipient info for the encryption certificate of '"
                + self.nodeId() + "' (serial " + self.encryptionCertificate().getSerialNumber().toString(16) + "): it was"
                + " encrypted for other nodes, or for an earlier certificate of " + self.nodeId() + " whose key its key history"
                + " (nodes/" + self.nodeId() + "/retired/) does not hold; ask the sender to re-send it with the current registry");
    }

    /** The content key for {@code me}'s certificate, or null when no recipient info names it. */
    private static SecretKey unwrapContentKeyFor(ASN1Set recipientInfos, RecipientKeys me) {
        IssuerAndSerialNumber myId = me.id();
        for (ASN1Encodable element : recipientInfos) {
            ASN1Encodable info = RecipientInfo.getInstance(element).getInfo();
            if (!(info instanceof KeyAgreeRecipientInfo kari)) {
                continue;
            }
            for (ASN1Encodable k : kari.getRecipientEncryptedKeys()) {
                RecipientEncryptedKey rek = RecipientEncryptedKey.getInstance(k);
                IssuerAndSerialNumber id = rek.getIdentifier().getIssuerAndSerialNumber();
                if (id != null && id.equals(myId)) {
                    if (kari.getVersion().intValueExact() != 3) {
                        throw new MalformedEnvelopeException("KeyAgreeRecipientInfo version " + kari.getVersion()
                                + "; RFC 5652 requires 3");
                    }
                    return unwrap(kari, rek, me);
                }
            }
        }
        return null;
    }

    private static SecretKey unwrap(KeyAgreeRecipientInfo kari, RecipientEncryptedKey rek, RecipientKeys me) {
        NodeCredentials self = me.self();
        // Parsing failures here mean a damaged envelope; crypto failures mean a wrong key or tampering.
        OriginatorPublicKey originator = kari.getOriginator().getOriginatorKey();
        if (originator == null || !X9ObjectIdentifiers.id_ecPublicKey.equals(originator.getAlgorithm().getAlgorithm())) {
            throw new MalformedEnvelopeException("the recipient info does not carry an EC originator public key (RFC 5753 requires one)");
        }
        AlgorithmIdentifier scheme = kari.getKeyEncryptionAlgorithm();
        if (ALG.kdfDigestOf(scheme.getAlgorithm()) == null) {
            throw new MalformedEnvelopeException("the envelope uses key agreement " + Algorithms.describe(scheme.getAlgorithm())
                    + "; the bus requires " + Algorithms.describe(ALG.keyAgreementOid) + " (ECDH with the X9.63 KDF over "
                    + ALG.kdfDigest + "): with OpenSSL add '-keyopt ecdh_kdf_md:sha256' after -recip");
        }
        AlgorithmIdentifier keyWrap;
        try {
            keyWrap = AlgorithmIdentifier.getInstance(scheme.getParameters());
        } catch (RuntimeException e) {
            throw new MalformedEnvelopeException("the key-wrap algorithm of the recipient info is unreadable", e);
        }
        if (keyWrap == null || ALG.keyWrapKeyBytesOf(keyWrap.getAlgorithm()) == 0) {
            // A shorter wrap key would protect the AES-256 content key with only 128 or 192 bits.
            throw new MalformedEnvelopeException("the envelope wraps the content key with "
                    + (keyWrap == null ? "nothing" : Algorithms.describe(keyWrap.getAlgorithm())) + "; the bus requires "
                    + Algorithms.describe(ALG.keyWrapOid) + ": with OpenSSL add '-aes256-wrap'");
        }
        byte[] point = originator.getPublicKey().getOctets();
        byte[] ukm = kari.getUserKeyingMaterial() == null ? null : kari.getUserKeyingMaterial().getOctets();
        try {
            SecretKey kek = me.kek(point, scheme.getAlgorithm(), keyWrap, ukm);
            Cipher unwrap = Cipher.getInstance(ALG.keyWrap, Algorithms.BULK_CIPHER_PROVIDER);
            unwrap.init(Cipher.UNWRAP_MODE, kek);
            return (SecretKey) unwrap.unwrap(rek.getEncryptedKey().getOctets(), "AES", Cipher.SECRET_KEY);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new DecryptionFailedException("the content key for '" + self.nodeId() + "' cannot be unwrapped: the "
                    + "recipient info was altered, or it was made for another key of " + self.nodeId() + " (" + e.getMessage() + ")", e);
        }
    }

    static PublicKey originatorPublicKey(byte[] point) throws GeneralSecurityException {
        try {
            byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                    SECObjectIdentifiers.secp256r1), point).getEncoded(ASN1Encoding.DER);
            return KeyFactory.getInstance(ALG.keyAlgorithm, Providers.bouncyCastle()).generatePublic(new X509EncodedKeySpec(spki));
        } catch (IOException | IllegalArgumentException e) {
            throw new GeneralSecurityException("invalid originator public key: " + e.getMessage(), e);
        }
    }

    static IssuerAndSerialNumber issuerAndSerial(X509Certificate certificate) {
        return new IssuerAndSerialNumber(X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()),
                certificate.getSerialNumber());
    }
}
