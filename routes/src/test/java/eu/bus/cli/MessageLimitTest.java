package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.broker.BusAddresses;
import eu.bus.exchange.SubmissionRejectedException;
import eu.bus.exchange.TestMessages;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One configured message limit ({@code bus run --max-message-bytes}) holds at submission and at the broker. */
class MessageLimitTest {

    static final int LIMIT = 8 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldRefuseALargerDocumentAtSubmissionAndALargerMessageAtTheBrokerWhenTheLimitIsLowered() throws Exception {
        try (EmbeddedBus bus = EmbeddedBus.start(dir.resolve("work"), List.of("NL-NMT", "NL-ENU"),
                eu.bus.rest.BusApiServer.Settings.defaults().withMaxBodyBytes(LIMIT))) {
            var doc = TestMessages.fresh("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("payload")).put("summary", "x".repeat(LIMIT));
            SubmissionRejectedException refused = assertThrows(SubmissionRejectedException.class,
                    () -> bus.network().node("NL-NMT").submit(TestMessages.bytes(doc)));
            assertTrue(refused.getMessage().contains("over the limit of " + LIMIT), refused.getMessage());

            // Past the gateway: the broker refuses a body over the same limit (plus the envelope's allowance).
            try (var factory = bus.network().broker().connectionFactory(
                    ProtectedKeyStore.ofNode(bus.workDir().resolve("pki"), "NL-NMT", KeyPurpose.SIGNING));
                 Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                BytesMessage big = session.createBytesMessage();
                big.writeBytes(new byte[LIMIT + 128 * 1024]);
                big.setStringProperty("busMessageId", "x");
                assertThrows(JMSException.class,
                        () -> session.createProducer(session.createQueue(BusAddresses.inbox("NL-ENU"))).send(big));
            }
            assertEquals(0, bus.network().embeddedBroker().orElseThrow().server()
                    .locateQueue(org.apache.activemq.artemis.api.core.SimpleString.of(BusAddresses.inbox("NL-ENU"))).getMessageCount());
        }
    }
}
