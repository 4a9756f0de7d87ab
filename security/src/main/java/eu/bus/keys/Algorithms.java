package eu.bus.keys;

import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * Every algorithm the bus uses, named in one place (crypto agility): to move to another suite,
 * add a constant and point {@link #CURRENT} at it. Code elsewhere never spells an algorithm name.
 */
public enum Algorithms {

    /** docs/SECURITY.md: ECDSA P-256/SHA-256 inside AES-256-GCM, ECDH P-256 (X9.63 SHA-256 KDF), AES-256 key wrap. */
    P256_SHA256_AES256GCM(
            "EC", "secp256r1", "P-256",
            "SHA256withECDSA", X9ObjectIdentifiers.ecdsa_with_SHA256,
            "SHA-256", NISTObjectIdentifiers.id_sha256,
            "AES/GCM/NoPadding", CMSAlgorithm.AES256_GCM, 32, 12, 16,
            "ECDH", CMSAlgorithm.ECDH_SHA256KDF, "SHA-256",
            "AESWrap", CMSAlgorithm.AES256_WRAP, 32);

    /** The suite the bus produces today. */
    public static final Algorithms CURRENT = P256_SHA256_AES256GCM;

    /** Provider for bulk AES-GCM: SunJCE's is AES-NI accelerated (about 15 us for 4 KiB here, BC's about 128 us). */
    public static final String BULK_CIPHER_PROVIDER = "SunJCE";

    /** The custom arc of the bus: 2.25 + UUID 311d6b4d-7add-4194-8f3b-77e0476a9bbd (ITU-T X.667, no registration needed). */
    public static final ASN1ObjectIdentifier BUS_ARC = new ASN1ObjectIdentifier("2.25.65284924758779145599202703050246101949");

    /** Signed attribute binding the clear header to the body: DigestInfo over HeaderCodec.canonicalBytes(header). */
    public static final ASN1ObjectIdentifier HEADER_DIGEST_ATTRIBUTE = BUS_ARC.branch("1");

    /** Readable names of the OIDs the bus may meet, for refusal messages (BouncyCastle's finder lacks the CMS KDF and wrap OIDs). */
    private static final Map<ASN1ObjectIdentifier, String> NAMES = Map.of(
            CMSAlgorithm.ECDH_SHA1KDF, "dhSinglePass-stdDH-sha1kdf-scheme",
            CMSAlgorithm.ECDH_SHA224KDF, "dhSinglePass-stdDH-sha224kdf-scheme",
            CMSAlgorithm.ECDH_SHA256KDF, "dhSinglePass-stdDH-sha256kdf-scheme",
            CMSAlgorithm.ECDH_SHA384KDF, "dhSinglePass-stdDH-sha384kdf-scheme",
            CMSAlgorithm.ECDH_SHA512KDF, "dhSinglePass-stdDH-sha512kdf-scheme",
            CMSAlgorithm.AES128_WRAP, "id-aes128-wrap",
            CMSAlgorithm.AES192_WRAP, "id-aes192-wrap",
            CMSAlgorithm.AES256_WRAP, "id-aes256-wrap");
    private static final DefaultAlgorithmNameFinder NAME_FINDER = new DefaultAlgorithmNameFinder();

    /** "name (OID)" for messages that tell a user which algorithm was found and which one is required. */
    public static String describe(ASN1ObjectIdentifier oid) {
        String name = NAMES.get(oid);
        if (name == null && NAME_FINDER.hasAlgorithmName(oid)) {
            name = NAME_FINDER.getAlgorithmName(oid);
        }
        return name == null ? oid.getId() : name + " (" + oid.getId() + ")";
    }

    /**
     * The X9.63 KDF digest of a key-agreement scheme when opening, or null if this suite does not accept the
     * scheme. A suite accepts only its own (RFC 5753 stdDH with its KDF): a message under another scheme is
     * refused rather than opened with a weaker or unexpected KDF. OpenSSL users add
     * {@code -keyopt ecdh_kdf_md:sha256} (its default is SHA-1; docs/SECURITY.md).
     */
    public String kdfDigestOf(ASN1ObjectIdentifier keyAgreementScheme) {
        return keyAgreementOid.equals(keyAgreementScheme) ? kdfDigest : null;
    }

    /** Key length in bytes of a key-wrap algorithm if this suite accepts it (only its own), else 0. */
    public int keyWrapKeyBytesOf(ASN1ObjectIdentifier keyWrapAlgorithm) {
        return keyWrapOid.equals(keyWrapAlgorithm) ? keyWrapKeyBytes : 0;
    }

    public final String keyAlgorithm;
    public final String curve;
    public final String curveDisplayName;
    public final String signature;
    public final ASN1ObjectIdentifier signatureOid;
    public final String digest;
    public final ASN1ObjectIdentifier digestOid;
    public final String contentCipher;
    public final ASN1ObjectIdentifier contentCipherOid;
    public final int contentKeyBytes;
    public final int gcmNonceBytes;
    public final int gcmTagBytes;
    public final String keyAgreement;
    public final ASN1ObjectIdentifier keyAgreementOid;
    public final String kdfDigest;
    public final String keyWrap;
    public final ASN1ObjectIdentifier keyWrapOid;
    public final int keyWrapKeyBytes;

    Algorithms(String keyAlgorithm, String curve, String curveDisplayName,
               String signature, ASN1ObjectIdentifier signatureOid,
               String digest, ASN1ObjectIdentifier digestOid,
               String contentCipher, ASN1ObjectIdentifier contentCipherOid,
               int contentKeyBytes, int gcmNonceBytes, int gcmTagBytes,
               String keyAgreement, ASN1ObjectIdentifier keyAgreementOid, String kdfDigest,
               String keyWrap, ASN1ObjectIdentifier keyWrapOid, int keyWrapKeyBytes) {
        this.keyAlgorithm = keyAlgorithm;
        this.curve = curve;
        this.curveDisplayName = curveDisplayName;
        this.signature = signature;
        this.signatureOid = signatureOid;
        this.digest = digest;
        this.digestOid = digestOid;
        this.contentCipher = contentCipher;
        this.contentCipherOid = contentCipherOid;
        this.contentKeyBytes = contentKeyBytes;
        this.gcmNonceBytes = gcmNonceBytes;
        this.gcmTagBytes = gcmTagBytes;
        this.keyAgreement = keyAgreement;
        this.keyAgreementOid = keyAgreementOid;
        this.kdfDigest = kdfDigest;
        this.keyWrap = keyWrap;
        this.keyWrapOid = keyWrapOid;
        this.keyWrapKeyBytes = keyWrapKeyBytes;
    }
}
