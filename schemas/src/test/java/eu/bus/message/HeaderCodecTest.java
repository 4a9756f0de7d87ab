package eu.bus.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HeaderCodecTest {

    static MessageHeader sampleHeader() {
        return new MessageHeader(UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962"),
                MessageType.INTELLIGENCE_REPORT, "1.0", "NL-NMT", List.of("NL-ENU", "EUROPOL"),
                "CASE-2026-000123", null, null, Instant.parse("2026-11-28T10:15:30Z"), null,
                HandlingCode.H1, Classification.RESTRICTED,
                new Evaluation(SourceReliability.B, InformationAccuracy.KNOWN_TO_SOURCE),
                List.of(new ProviderRestriction(RestrictionCode.NO_COURT_USE, null)));
    }

    @Test
    void shouldWriteSortedCompactJsonWhenCanonicalising() {
        String canonical = new String(HeaderCodec.canonicalBytes(sampleHeader()), StandardCharsets.UTF_8);
        assertEquals("{\"caseId\":\"CASE-2026-000123\",\"classification\":\"RESTRICTED\","
                + "\"createdAt\":\"2026-11-28T10:15:30Z\","
                + "\"evaluation\":{\"informationAccuracy\":\"2\",\"sourceReliability\":\"B\"},"
                + "\"handlingCode\":\"H1\",\"messageId\":\"3b241101-e2bb-4255-8caf-4136c566a962\","
                + "\"messageType\":\"intelligence-report\",\"providerRestrictions\":[{\"code\":\"NO_COURT_USE\"}],"
                + "\"recipients\":[\"NL-ENU\",\"EUROPOL\"],\"schemaVersion\":\"1.0\",\"sender\":\"NL-NMT\"}", canonical);
    }

    @Test
    void shouldReproduceTheSameBytesWhenTheHeaderIsReadBack() {
        byte[] canonical = HeaderCodec.canonicalBytes(sampleHeader());
        MessageHeader back = HeaderCodec.fromJson(HeaderCodec.toJson(sampleHeader()));
        assertArrayEquals(canonical, HeaderCodec.canonicalBytes(back));
    }

    @Test
    void shouldChangeTheCanonicalBytesWhenAnyFieldChanges() {
        MessageHeader h = sampleHeader();
        byte[] canonical = HeaderCodec.canonicalBytes(h);
        MessageHeader lowered = new MessageHeader(h.messageId(), h.messageType(), h.schemaVersion(), h.sender(),
                h.recipients(), h.caseId(), h.replyTo(), h.inReplyTo(), h.createdAt(), h.expiresAt(),
                HandlingCode.H0, h.classification(), h.evaluation(), h.providerRestrictions());
        assertFalse(Arrays.equals(canonical, HeaderCodec.canonicalBytes(lowered)));
        assertFalse(Arrays.equals(canonical, HeaderCodec.canonicalBytes(h.withRecipients(List.of("NL-ENU")))));
    }

    @Test
    void shouldQuoteNothingFromTheHeaderWhenTheModelCannotReadIt() {
        // MessageArchive and Forwards read headers this way; their failures end up in logs
        for (String field : List.of("messageType", "marker-as-property")) {
            ObjectNode header = (ObjectNode) HeaderCodec.toJson(sampleHeader());
            if (field.equals("messageType")) {
                header.put("messageType", "SECRET-7f3a");
            } else {
                header.put("SECRET-7f3a", 1);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeaderCodec.fromJson(header));
            assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
            assertNull(e.getCause(), "the parser's exception quotes the value; a logged stack trace would carry it");
        }
    }
}
