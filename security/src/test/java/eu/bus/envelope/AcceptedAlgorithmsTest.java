package eu.bus.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.Algorithms;
import eu.bus.keys.BusCa;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Providers;
import eu.bus.message.MessageHeader;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The opener accepts exactly the algorithms of {@link Algorithms#CURRENT}: messages made with BouncyCastle's own
 * generators under any other digest, signature, KDF or key wrap are refused, and the refusal names what was found
 * and what is required. Each refused message would otherwise open: the same generators with the bus suite do.
 */
class AcceptedAlgorithmsTest {

    private static final byte[] PAYLOAD = BusFixture.payload(300);

    @TempDir
    static Path dir;
    static BusFixture bus;

    @BeforeAll
    static void createPki() {
        bus = new BusFixture(dir.resolve("pki"));
    }

    /** AuthEnvelopedData made by BouncyCastle (a fresh originator key) around a SignedData made by the bus. */
    private static byte[] envelope(MessageHeader header, ASN1ObjectIdentifier keyAgreement, ASN1ObjectIdentifier keyWrap)
            throws Exception {
        byte[] signed = new PayloadSigner(bus.credentials(header.sender())).sign(header, PAYLOAD);
        KeyPair originator = BusCa.newKeyPair();
        JceKeyAgreeRecipientInfoGenerator recipients = new JceKeyAgreeRecipientInfoGenerator(keyAgreement,
                originator.getPrivate(), originator.getPublic(), keyWrap).setProvider(Providers.bouncyCastle());
        for (String recipient : header.recipients()) {
            recipients.addRecipient(bus.directory.encryptionCertificate(recipient));
        }
        CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
        generator.addRecipientInfoGenerator(recipients);
        return generator.generate(new CMSProcessableByteArray(signed),
                (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                        .setProvider(Providers.bouncyCastle()).build())
                .getEncoded();
    }

    /**
     * SignedData over PAYLOAD made by BouncyCastle's generator, with the bus header binding, signed as the header's
     * sender with {@code signatureAlgorithm}; {@code contentDigest} (null: the one the signature implies) digests the content.
     */
    private static byte[] signedData(MessageHeader header, String signatureAlgorithm, ASN1ObjectIdentifier contentDigest)
            throws Exception {
        NodeCredentials signer = bus.credentials(header.sender());
        X509CertificateHolder certificate = new JcaX509CertificateHolder(signer.signingCertificate());
        JcaSignerInfoGeneratorBuilder signerInfo = new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(
                        new AttributeTable(HeaderBinding.attributeFor(header))));
        if (contentDigest != null) {
            signerInfo.setContentDigest(new AlgorithmIdentifier(contentDigest));
        }
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(signerInfo.build(new JcaContentSignerBuilder(signatureAlgorithm)
                .setProvider(Providers.bouncyCastle()).build(signer.signingKey()), certificate));
        generator.addCertificate(certificate);
        return generator.generate(new CMSProcessableByteArray(PAYLOAD), true).getEncoded(ASN1Encoding.DER);
    }

    /** Encrypts a SignedData for the header's recipients the way the bus does. */
    private static byte[] protect(MessageHeader header, byte[] signedData) throws Exception {
        List<X509Certificate> recipients = header.recipients().stream().map(bus.directory::encryptionCertificate).toList();
        return AuthEnvelope.seal(signedData, CMSObjectIdentifiers.data, recipients,
                new OriginatorKey(bus.clock, Duration.ofMinutes(1), 1).next());
    }

    private static String refusalOf(MessageHeader header, byte[] signedData) throws Exception {
        byte[] message = protect(header, signedData);
        return assertThrows(MalformedEnvelopeException.class, () -> bus.opener("NL-ENU").open(header, message)).getMessage();
    }

    private static void assertMentions(String message, String... words) {
        for (String word : words) {
            assertTrue(message.contains(word), "'" + word + "' missing in: " + message);
        }
    }

    @Test
    void shouldOpenWhenBouncyCastleEnvelopesWithTheBusSuite() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = envelope(header, CMSAlgorithm.ECDH_SHA256KDF, CMSAlgorithm.AES256_WRAP);
        assertArrayEquals(PAYLOAD, bus.opener("NL-ENU").open(header, message).payload());
    }

    @Test
    void shouldOpenWhenBouncyCastleSignsWithTheBusSuite() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = protect(header, signedData(header, "SHA256withECDSA", null));
        assertArrayEquals(PAYLOAD, bus.opener("NL-ENU").open(header, message).payload());
    }

    @Test
    void shouldRefuseSignerWhenSignedWithSha1WithEcdsa() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        assertMentions(refusalOf(header, signedData(header, "SHA1withECDSA", null)),
                "digests the content with SHA1 (1.3.14.3.2.26)", "requires SHA256 (2.16.840.1.101.3.4.2.1)");
    }

    @Test
    void shouldRefuseSignerWhenSignedWithSha512WithEcdsa() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        assertMentions(refusalOf(header, signedData(header, "SHA512withECDSA", null)),
                "digests the content with SHA512 (2.16.840.1.101.3.4.2.3)", "requires SHA256 (2.16.840.1.101.3.4.2.1)");
    }

    /** The dangerous case: the signature is the bus's own algorithm, only the content digest is broken. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.2.840.113549.2.5", "1.3.14.3.2.26"})
    void shouldRefuseSignerWhenContentDigestIsWeakUnderEcdsaWithSha256(String digest) throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        assertMentions(refusalOf(header, signedData(header, "SHA256withECDSA", new ASN1ObjectIdentifier(digest))),
                "the signer digests the content with", "(" + digest + ")", "requires SHA256 (2.16.840.1.101.3.4.2.1)");
    }

    @Test
    void shouldRefuseForwardedOriginalWhenContentDigestIsMd5() throws Exception {
        MessageHeader original = bus.header("NL-NMT", "NL-ENU");
        byte[] signed = signedData(original, "SHA256withECDSA", CMSAlgorithm.MD5);
        MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
                () -> bus.opener("EUROPOL").verifyForwarded(original, signed));
        assertMentions(e.getMessage(), "digests the content with MD5 (1.2.840.113549.2.5)", "requires SHA256");
    }

    @Test
    void shouldRefuseSignerWhenSignatureIsEcdsaWithSha512OverSha256Digest() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        assertMentions(refusalOf(header, signedData(header, "SHA512withECDSA", CMSAlgorithm.SHA256)),
                "signs with SHA512WITHECDSA (1.2.840.10045.4.3.4)", "requires SHA256WITHECDSA (1.2.840.10045.4.3.2)");
    }

    @Test
    void shouldRefuseSignedDataWhenDigestAlgorithmsListMoreThanSha256() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        CMSSignedData valid = new CMSSignedData(signedData(header, "SHA256withECDSA", null));
        byte[] widened = CMSSignedData.addDigestAlgorithm(valid, new AlgorithmIdentifier(CMSAlgorithm.SHA1))
                .getEncoded(ASN1Encoding.DER);
        assertMentions(refusalOf(header, widened), "lists the digest algorithm SHA1 (1.3.14.3.2.26)",
                "only SHA256 (2.16.840.1.101.3.4.2.1)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.3.133.16.840.63.0.2", "1.3.132.1.11.0", "1.3.132.1.11.2", "1.3.132.1.11.3"})
    void shouldRefuseKeyAgreementWhenKdfDigestIsNotSha256(String scheme) throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = envelope(header, new ASN1ObjectIdentifier(scheme), CMSAlgorithm.AES256_WRAP);
        MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
                () -> bus.opener("NL-ENU").open(header, message));
        assertMentions(e.getMessage(), "key agreement", "(" + scheme + ")",
                "requires dhSinglePass-stdDH-sha256kdf-scheme (1.3.132.1.11.1)", "-keyopt ecdh_kdf_md:sha256");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2.16.840.1.101.3.4.1.5", "2.16.840.1.101.3.4.1.25"})
    void shouldRefuseKeyWrapWhenWeakerThanAes256(String keyWrap) throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = envelope(header, CMSAlgorithm.ECDH_SHA256KDF, new ASN1ObjectIdentifier(keyWrap));
        MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
                () -> bus.opener("NL-ENU").open(header, message));
        assertMentions(e.getMessage(), "wraps the content key with", "(" + keyWrap + ")",
                "requires id-aes256-wrap (2.16.840.1.101.3.4.1.45)", "-aes256-wrap");
    }
}
