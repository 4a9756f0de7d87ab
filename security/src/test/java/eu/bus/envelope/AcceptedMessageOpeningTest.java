package eu.bus.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.bus.message.HandlingCode;
import eu.bus.message.MessageHeader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a message a node already accepted, to consult it later: an old or expired message still opens, but
 * everything that proves who sent what to whom (decryption, signature, signer, header binding) is checked again.
 */
class AcceptedMessageOpeningTest {

    @TempDir
    static Path dir;
    static BusFixture bus;

    @BeforeAll
    static void createPki() {
        bus = new BusFixture(dir.resolve("pki"));
    }

    /** Created an hour ago and expired since: refused on arrival, as it must be. */
    private static MessageHeader oldAndExpired() {
        MessageHeader h = BusFixture.header("NL-NMT", bus.clock.instant().minus(Duration.ofHours(1)), "NL-ENU");
        return new MessageHeader(h.messageId(), h.messageType(), h.schemaVersion(), h.sender(), h.recipients(), h.caseId(),
                h.replyTo(), h.inReplyTo(), h.createdAt(), h.createdAt().plus(Duration.ofMinutes(30)), h.handlingCode(),
                h.classification(), h.evaluation(), h.providerRestrictions());
    }

    @Test
    void shouldOpenAnOldExpiredMessageForConsultationThatReceptionRefuses() {
        MessageHeader header = oldAndExpired();
        byte[] payload = BusFixture.payload(512);
        byte[] message = bus.protector("NL-NMT").protect(header, payload);
        assertThrows(TimestampOutOfWindowException.class, () -> bus.opener("NL-ENU").open(header, message));
        OpenedMessage opened = bus.opener("NL-ENU").openAccepted(header, message);
        assertArrayEquals(payload, opened.payload());
        assertEquals("NL-NMT", opened.signer());
    }

    @Test
    void shouldStillRefuseATamperedCopyOrAnAlteredHeaderOrAnotherNodesMessage() {
        MessageHeader header = oldAndExpired();
        byte[] message = bus.protector("NL-NMT").protect(header, BusFixture.payload(512));
        byte[] tampered = message.clone();
        tampered[tampered.length - 20] ^= 0x40;
        assertThrows(EnvelopeException.class, () -> bus.opener("NL-ENU").openAccepted(header, tampered));
        MessageHeader altered = new MessageHeader(header.messageId(), header.messageType(), header.schemaVersion(),
                header.sender(), header.recipients(), header.caseId(), header.replyTo(), header.inReplyTo(), header.createdAt(),
                header.expiresAt(), HandlingCode.H0, header.classification(), header.evaluation(), header.providerRestrictions());
        assertThrows(HeaderBindingException.class, () -> bus.opener("NL-ENU").openAccepted(altered, message));
        assertThrows(NotARecipientException.class, () -> bus.opener("BE-ENU").openAccepted(header, message));
    }
}
