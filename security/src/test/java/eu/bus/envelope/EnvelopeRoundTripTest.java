package eu.bus.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.message.MessageHeader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeRoundTripTest {

    @TempDir
    static Path dir;
    static BusFixture bus;

    @BeforeAll
    static void createPki() {
        bus = new BusFixture(dir);
    }

    @ParameterizedTest(name = "{0} recipients")
    @ValueSource(ints = {1, 3, 10})
    void shouldOpenForEveryRecipientAndNoOtherWhenProtected(int count) {
        List<String> recipients = BusFixture.NODES.subList(1, 1 + count);
        MessageHeader header = bus.header("NL-NMT", recipients.toArray(String[]::new));
        byte[] payload = BusFixture.payload(4096);
        byte[] protectedBytes = bus.protector("NL-NMT").protect(header, payload);

        for (String recipient : recipients) {
            OpenedMessage opened = bus.opener(recipient).open(header, protectedBytes);
            assertArrayEquals(payload, opened.payload(), recipient);
            assertEquals("NL-NMT", opened.signer());
            assertTrue(opened.headerBound());
        }
        String outsider = "AUDITOR";
        NotARecipientException e = assertThrows(NotARecipientException.class,
                () -> bus.opener(outsider).open(header, protectedBytes));
        assertTrue(e.getMessage().contains("not to 'AUDITOR'"), e.getMessage());
    }

    @Test
    void shouldRefuseNonRecipientEvenWhenHeaderIsAlteredToNameIt() {
        MessageHeader header = bus.header("NL-NMT", "NL-ENU");
        byte[] protectedBytes = bus.protector("NL-NMT").protect(header, BusFixture.payload(200));
        MessageHeader forged = header.withRecipients(List.of("NL-ENU", "AUDITOR"));
        NotARecipientException e = assertThrows(NotARecipientException.class,
                () -> bus.opener("AUDITOR").open(forged, protectedBytes));
        assertTrue(e.getMessage().contains("no recipient info for the encryption certificate of 'AUDITOR'"), e.getMessage());
    }

    @Test
    void shouldOpenMessagesUnderOldAndNewOriginatorKeyWhenTheKeyRotates() throws Exception {
        MessageProtector everyMessageNewKey = new MessageProtector(bus.credentials("BE-NMT"), bus.directory, bus.trust,
                bus.clock, Duration.ofMinutes(10), 1);
        MessageProtector reused = bus.protector("BE-NMT");
        MessageOpener opener = bus.opener("EUROPOL");
        Set<String> rotatedKeys = new HashSet<>();
        Set<String> reusedKeys = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            MessageHeader header = bus.header("BE-NMT", "EUROPOL");
            byte[] payload = BusFixture.payload(100 + i);
            byte[] message = everyMessageNewKey.protect(header, payload);
            rotatedKeys.add(originatorKey(message));
            assertArrayEquals(payload, opener.open(header, message).payload());
        }
        for (int i = 0; i < 3; i++) {
            MessageHeader header = bus.header("BE-NMT", "EUROPOL");
            byte[] payload = BusFixture.payload(100 + i);
            byte[] message = reused.protect(header, payload);
            reusedKeys.add(originatorKey(message));
            assertArrayEquals(payload, opener.open(header, message).payload());
        }
        assertEquals(3, rotatedKeys.size(), "a new originator key for every message");
        assertEquals(1, reusedKeys.size(), "one originator key reused");
    }

    /** The originator public key of the first recipient info, in hex. */
    private static String originatorKey(byte[] message) throws Exception {
        AuthEnvelopedData data = AuthEnvelopedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(message)).getContent());
        KeyAgreeRecipientInfo info = KeyAgreeRecipientInfo.getInstance(
                RecipientInfo.getInstance(data.getRecipientInfos().getObjectAt(0)).getInfo());
        return HexFormat.of().formatHex(info.getOriginator().getOriginatorKey().getPublicKey().getOctets());
    }

    @Test
    void shouldRefuseToProtectWhenHeaderSenderIsAnotherNode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bus.protector("NL-NMT").protect(bus.header("BE-NMT", "NL-ENU"), BusFixture.payload(10)));
        assertTrue(e.getMessage().contains("only sends in its own name"), e.getMessage());
    }
}
