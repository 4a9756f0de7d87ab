package eu.bus.envelope;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.CertificateExpiredException;
import eu.bus.keys.CertificateRevokedException;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.keys.UntrustedCertificateException;
import eu.bus.message.HandlingCode;
import eu.bus.message.MessageHeader;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** One test per attack; each asserts the specific exception and the words a user acts on. */
class EnvelopeAttackTest {

    @TempDir
    static Path dir;
    static BusFixture bus;

    @BeforeAll
    static void createPki() {
        bus = new BusFixture(dir.resolve("pki"));
    }

    private static <T extends Throwable> void assertRefused(Class<T> type, Executable open, String... words) {
        T e = assertThrows(type, open);
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), "'" + word + "' missing in: " + e.getMessage());
        }
    }

    private static byte[] flipBit(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    /** Signs as {@code signer} and encrypts for the header's recipients, bypassing MessageProtector's own checks. */
    private static byte[] forge(NodeCredentials signer, MessageHeader header, byte[] signedOverride) throws Exception {
        byte[] signed = signedOverride != null ? signedOverride : new PayloadSigner(signer).sign(header, BusFixture.payload(512));
        List<X509Certificate> recipients = header.recipients().stream().map(bus.directory::encryptionCertificate).toList();
        return AuthEnvelope.seal(signed, CMSObjectIdentifiers.data, recipients,
                new OriginatorKey(bus.clock, Duration.ofMinutes(1), 1).next());
    }

    @Test
    void shouldFailDecryptionWhenCiphertextBitIsFlipped() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = bus.protector("NL-NMT").protect(header, BusFixture.payload(4096));
        AuthEnvelopedData data = AuthEnvelopedData.getInstance(
                ContentInfo.getInstance(ASN1Primitive.fromByteArray(message)).getContent());
        byte[] ciphertext = data.getAuthEncryptedContentInfo().getEncryptedContent().getOctets();
        int at = indexOf(message, ciphertext) + ciphertext.length / 2;
        assertRefused(DecryptionFailedException.class, () -> bus.opener("NL-ENU").open(header, flipBit(message, at)),
                "altered in transit", "tag does not verify");
    }

    @Test
    void shouldFailDecryptionWhenGcmTagBitIsFlipped() {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = bus.protector("NL-NMT").protect(header, BusFixture.payload(4096));
        // The MAC (GCM tag) is the last field of AuthEnvelopedData: the final 16 bytes of the DER.
        assertRefused(DecryptionFailedException.class,
                () -> bus.opener("NL-ENU").open(header, flipBit(message, message.length - 3)), "authentication tag");
    }

    @Test
    void shouldRejectSignatureWhenSignatureBitIsFlipped() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] signed = new PayloadSigner(bus.credentials("NL-NMT")).sign(header, BusFixture.payload(512));
        // The signature value is the last field of the only SignerInfo, hence the last bytes of the SignedData.
        byte[] message = forge(null, header, flipBit(signed, signed.length - 2));
        assertRefused(SignatureInvalidException.class, () -> bus.opener("NL-ENU").open(header, message),
                "signature of 'NL-NMT' does not verify", "resend");
    }

    @Test
    void shouldRejectHeaderWhenRecipientIsAdded() {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = bus.protector("NL-NMT").protect(header, BusFixture.payload(512));
        MessageHeader widened = header.withRecipients(List.of("NL-ENU", "EUROJUST"));
        assertRefused(HeaderBindingException.class, () -> bus.opener("NL-ENU").open(widened, message),
                "differs from the header 'NL-NMT' signed", "discard");
    }

    @Test
    void shouldRejectHeaderWhenHandlingCodeIsLowered() {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = bus.protector("NL-NMT").protect(header, BusFixture.payload(512));
        MessageHeader lowered = new MessageHeader(header.messageId(), header.messageType(), header.schemaVersion(),
                header.sender(), header.recipients(), header.caseId(), header.replyTo(), header.inReplyTo(),
                header.createdAt(), header.expiresAt(), HandlingCode.H0, header.classification(), header.evaluation(),
                header.providerRestrictions());
        assertRefused(HeaderBindingException.class, () -> bus.opener("NL-ENU").open(lowered, message), "differs");
    }

    @Test
    void shouldRejectHeaderWhenCaseIdIsChanged() {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = bus.protector("NL-NMT").protect(header, BusFixture.payload(512));
        MessageHeader otherCase = new MessageHeader(header.messageId(), header.messageType(), header.schemaVersion(),
                header.sender(), header.recipients(), "CASE-2026-999999", header.replyTo(), header.inReplyTo(),
                header.createdAt(), header.expiresAt(), header.handlingCode(), header.classification(), header.evaluation(),
                header.providerRestrictions());
        assertRefused(HeaderBindingException.class, () -> bus.opener("NL-ENU").open(otherCase, message), "differs");
    }

    @Test
    void shouldRejectMessageWhenSignerIsNotTheSender() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = forge(bus.credentials("BE-NMT"), header, null);
        assertRefused(SignerMismatchException.class, () -> bus.opener("NL-ENU").open(header, message),
                "names 'NL-NMT' as sender but was signed by 'BE-NMT'");
    }

    @Test
    void shouldRejectSignerWhenCertificateComesFromAnotherCa() throws Exception {
        Path otherPki = dir.resolve("other-pki");
        DevPki.init(otherPki, List.of("NL-NMT"));
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = forge(NodeCredentials.load(otherPki, "NL-NMT"), header, null);
        assertRefused(UntrustedCertificateException.class, () -> bus.opener("NL-ENU").open(header, message),
                "signing certificate of 'NL-NMT'", "bus CA");
    }

    @Test
    void shouldRejectSignerWhenCertificateIsRevoked() {
        MessageProtector italy = bus.protector("IT-NMT");
        MessageHeader header = bus.header("IT-NMT", "NL-ENU");
        byte[] message = italy.protect(header, BusFixture.payload(512));
        new DevPki(bus.clock, DevPki.DEFAULT_NODE_VALIDITY).revoke(bus.dir, "IT-NMT");
        MessageOpener opener = new MessageOpener(bus.credentials("NL-ENU"), NodeTrust.load(bus.dir), bus.clock);
        assertRefused(CertificateRevokedException.class, () -> opener.open(header, message),
                "signing certificate of 'IT-NMT'", "revoked", "bus keys rotate IT-NMT");
    }

    @Test
    void shouldRejectSignerWhenCertificateIsExpired() {
        // ES-NMT gets certificates that were valid for 30 days a year ago; the CRL is then reissued today.
        Clock lastYear = Clock.fixed(Instant.now().minus(Duration.ofDays(365)), ZoneOffset.UTC);
        new DevPki(lastYear, Duration.ofDays(30)).rotate(bus.dir, "ES-NMT");
        new DevPki(bus.clock, DevPki.DEFAULT_NODE_VALIDITY).refreshCrl(bus.dir);
        NodeTrust trust = NodeTrust.load(bus.dir);
        NodeCredentials spain = NodeCredentials.load(bus.dir, "ES-NMT");
        MessageHeader header = bus.header("ES-NMT", "NL-ENU");
        byte[] message = new MessageProtector(spain, bus.directory, trust, bus.clock).protect(header, BusFixture.payload(512));
        MessageOpener opener = new MessageOpener(bus.credentials("NL-ENU"), trust, bus.clock);
        assertRefused(CertificateExpiredException.class, () -> opener.open(header, message),
                "signing certificate of 'ES-NMT'", "expired", "bus keys rotate ES-NMT");
    }

    @Test
    void shouldRejectMessageWhenCreatedOutsideTheTimeWindow() {
        MessageHeader old = BusFixture.header("NL-NMT", bus.clock.instant().minus(Duration.ofMinutes(10)), "NL-ENU");
        byte[] message = bus.protector("NL-NMT").protect(old, BusFixture.payload(512));
        assertRefused(TimestampOutOfWindowException.class, () -> bus.opener("NL-ENU").open(old, message),
                "outside the accepted window of 5 minutes", "clocks");
        MessageHeader future = BusFixture.header("NL-NMT", bus.clock.instant().plus(Duration.ofMinutes(10)), "NL-ENU");
        byte[] early = bus.protector("NL-NMT").protect(future, BusFixture.payload(512));
        assertRefused(TimestampOutOfWindowException.class, () -> bus.opener("NL-ENU").open(future, early), "window");
    }

    @Test
    void shouldRejectMessageWhenExpiresAtHasPassed() {
        MessageHeader h = bus.header("NL-NMT", "NL-ENU");
        MessageHeader expired = new MessageHeader(h.messageId(), h.messageType(), h.schemaVersion(), h.sender(),
                h.recipients(), h.caseId(), h.replyTo(), h.inReplyTo(), h.createdAt(), h.createdAt().minusSeconds(1),
                h.handlingCode(), h.classification(), h.evaluation(), h.providerRestrictions());
        byte[] message = bus.protector("NL-NMT").protect(expired, BusFixture.payload(512));
        assertRefused(MessageExpiredException.class, () -> bus.opener("NL-ENU").open(expired, message), "expired at");
    }

    @Test
    void shouldReportMalformedEnvelopeWhenInputIsTruncated() {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = bus.protector("NL-NMT").protect(header, BusFixture.payload(4096));
        for (int length : new int[] {1, 2, 10, message.length / 2, message.length - 1}) {
            assertRefused(MalformedEnvelopeException.class,
                    () -> bus.opener("NL-ENU").open(header, Arrays.copyOf(message, length)), "not a DER-encoded CMS");
        }
    }

    @Test
    void shouldReportMalformedEnvelopeWhenInputIsEmpty() {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        assertRefused(MalformedEnvelopeException.class, () -> bus.opener("NL-ENU").open(header, new byte[0]), "empty");
        assertRefused(MalformedEnvelopeException.class, () -> bus.opener("NL-ENU").open(header, null), "empty");
    }

    @Test
    void shouldReportMalformedEnvelopeWhenInputIsRandomBytes() {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[1 + random.nextInt(4096)];
            random.nextBytes(junk);
            if (i % 2 == 0) {
                junk[0] = 0x30; // looks like a SEQUENCE, so parsing goes deeper
            }
            assertThrows(MalformedEnvelopeException.class, () -> bus.opener("NL-ENU").open(header, junk));
        }
    }

    @Test
    void shouldThrowOnlyEnvelopeExceptionsWhenAnyByteIsDamaged() {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] message = bus.protector("NL-NMT").protect(header, BusFixture.payload(300));
        MessageOpener opener = bus.opener("NL-ENU");
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] damaged = message.clone();
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
            assertThrows(EnvelopeException.class, () -> opener.open(header, damaged));
        }
    }

    @Test
    void shouldReportMalformedEnvelopeWhenBodyIsAnotherCmsType() throws Exception {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] signedOnly = new PayloadSigner(bus.credentials("NL-NMT")).sign(header, BusFixture.payload(100));
        assertRefused(MalformedEnvelopeException.class, () -> bus.opener("NL-ENU").open(header, signedOnly),
                "not AuthEnvelopedData");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("needle not found");
    }
}
