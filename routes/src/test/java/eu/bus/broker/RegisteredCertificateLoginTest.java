package eu.bus.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker logins over real TLS are pinned to the registered certificate: the bus CA's signature and the
 * node's name in the subject are not enough, and the registry is followed while the broker runs.
 */
class RegisteredCertificateLoginTest {

    @TempDir
    Path dir;
    Path pki;
    EmbeddedBroker broker;

    @BeforeEach
    void start() throws Exception {
        pki = dir.resolve("pki");
        DevPki.init(pki, List.of("NL-ENU", "BE-ENU"));
        broker = EmbeddedBroker.start(BrokerSettings.defaults(dir.resolve("broker"), pki).withPort(0), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private void login(ProtectedKeyStore keys) throws JMSException {
        try (ActiveMQConnectionFactory factory = broker.connectionFactory(keys); Connection c = factory.createConnection()) {
            c.start();
        }
    }

    @Test
    void shouldRefuseALoginWhenTheCertificateNamesARegisteredNodeButIsNotItsRegisteredOne() throws Exception {
        ProtectedKeyStore impostor = RogueKeyStores.issue(pki, "NL-ENU", Files.createDirectories(dir.resolve("impostor")));
        assertThrows(JMSSecurityException.class, () -> login(impostor));
        login(ProtectedKeyStore.ofNode(pki, "NL-ENU", KeyPurpose.SIGNING));
    }

    @Test
    void shouldAcceptTheNewCertificateAndRefuseTheOldWhenANodeIsRotatedWhileTheBrokerRuns() throws Exception {
        // The old key store as the node still has it (copied with its password: another path, so no TLS context is shared).
        Path old = Files.createDirectories(dir.resolve("before-rotation"));
        PkiLayout layout = new PkiLayout(pki);
        Files.copy(layout.pkcs12("BE-ENU", KeyPurpose.SIGNING), old.resolve("signing.p12"));
        Files.copy(KeyStorePasswords.fileIn(layout.nodeDir("BE-ENU")), KeyStorePasswords.fileIn(old));
        ProtectedKeyStore before = new ProtectedKeyStore(old.resolve("signing.p12"), "BE-ENU", "a copy",
                KeyStorePasswords.fromEnvironment());
        login(before);

        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).rotate(pki, "BE-ENU");

        assertThrows(JMSSecurityException.class, () -> login(before));
        login(ProtectedKeyStore.ofNode(pki, "BE-ENU", KeyPurpose.SIGNING));
    }

    @Test
    void shouldCloseAnOpenConnectionWhenItsCertificateIsNoLongerTheRegisteredOne() throws Exception {
        AtomicReference<JMSException> failure = new AtomicReference<>();
        ActiveMQConnectionFactory factory = broker.connectionFactory(ProtectedKeyStore.ofNode(pki, "BE-ENU", KeyPurpose.SIGNING));
        Connection connection = factory.createConnection();
        try {
            connection.setExceptionListener(failure::set);
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue(BusAddresses.inbox("BE-ENU")));

            // A new certificate is pinned; the old one is not on the CRL, so only the registry tells them apart.
            RogueKeyStores.reregister(pki, "BE-ENU");

            await().atMost(Duration.ofSeconds(15)).until(() -> failure.get() != null);
        } finally {
            try {
                connection.close();
            } catch (JMSException alreadyFailed) {
                // the broker closed it
            }
            factory.close();
        }
    }
}
