package eu.bus.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.Algorithms;
import eu.bus.keys.BusCa;
import eu.bus.keys.Providers;
import eu.bus.message.MessageHeader;
import java.nio.file.Path;
import java.security.KeyPair;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
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
