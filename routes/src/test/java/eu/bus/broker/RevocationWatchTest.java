package eu.bus.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node revoked while connected loses its open connection too, not only its next login. */
class RevocationWatchTest {

    @TempDir
    Path dir;

    Path pki;
    EmbeddedBroker broker;
    Connection beEnu;
    Connection nlEnu;

    @BeforeEach
    void start() throws Exception {
        pki = dir.resolve("pki");
        DevPki.init(pki, List.of("NL-ENU", "BE-ENU"));
        broker = EmbeddedBroker.start(BrokerSettings.defaults(dir.resolve("broker"), pki).withPort(0), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        for (Connection c : new Connection[] {beEnu, nlEnu}) {
            if (c != null) {
                try {
                    c.close();
                } catch (JMSException ignored) {
                    // already failed by the broker
                }
            }
        }
        broker.close();
    }

    private Connection connectAs(String node) throws JMSException {
        Connection c = broker.connectionFactory(ProtectedKeyStore.ofNode(pki, node, KeyPurpose.SIGNING)).createConnection();
        c.start();
        return c;
    }

    @Test
    void shouldCloseTheOpenConnectionWhenTheNodeIsRevokedWhileConnected() throws Exception {
        AtomicReference<JMSException> failure = new AtomicReference<>();
        beEnu = connectAs("BE-ENU");
        beEnu.setExceptionListener(failure::set);
        MessageConsumer inbox = beEnu.createSession(false, Session.AUTO_ACKNOWLEDGE)
                .createConsumer(beEnu.createSession(false, Session.AUTO_ACKNOWLEDGE).createQueue(BusAddresses.inbox("BE-ENU")));
        assertNull(inbox.receiveNoWait());
        nlEnu = connectAs("NL-ENU");

        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).revoke(pki, "BE-ENU");

        await().atMost(Duration.ofSeconds(15)).until(() -> failure.get() != null);
        assertThrows(JMSException.class, () -> inbox.receive(100), "the revoked node's consumer must be dead");
        assertThrows(JMSSecurityException.class, () -> connectAs("BE-ENU").close(), "and it cannot log in again");
        // Everyone else keeps their connection.
        Session s = nlEnu.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createProducer(s.createQueue(BusAddresses.inbox("BE-ENU"))).send(s.createBytesMessage());
    }
}
