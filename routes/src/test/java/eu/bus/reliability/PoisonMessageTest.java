package eu.bus.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.broker.BrokerSettings;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.keys.DevPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poison message among good ones: an accepted, authentic message the recipient's case system can
 * never take (its file name is taken by a directory, as a full or misconfigured target would refuse it).
 * The good ones, submitted before and after it, flow past it while the broker redelivers it with back-off;
 * after the configured attempts the recipient dead-letters it with the reason and an audit record.
 */
class PoisonMessageTest {

    static final String SENDER = "NL-NMT";
    static final String RECIPIENT = "BE-NMT";

    @TempDir
    Path dir;
    BusNetwork bus;
    BusLayout layout;

    @AfterEach
    void stop() throws Exception {
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void shouldDeliverTheGoodOnesAndDeadLetterThePoisonWithItsReasonAfterTheConfiguredAttempts() throws Exception {
        int count = ScenarioSize.messages(100, 2_000);
        Ledger ledger = new Ledger("poison", new NumberedMessages(SENDER, RECIPIENT));
        String poisonId = ledger.messages().id(count / 2, 0).toString();
        Map<String, AtomicInteger> attempts = submitWithPoison(ledger, count, poisonId);

        Ledger.Count end = ledger.awaitSettled(layout, Duration.ofMinutes(2));
        assertTrue(end.balanced(), end.line());
        assertEquals(count - 1, end.delivered(), end.line());
        assertEquals(Map.of("undeliverable", 1), end.deadLettered(), end.line());
        assertTrue(Ledger.records(layout.audit(RECIPIENT)).stream().anyMatch(r -> poisonId.equals(String.valueOf(r.messageId()))
                && r.reason() != null && r.reason().startsWith("undeliverable: still failing after retries: cannot deliver " + poisonId)),
                "the dead letter's audit record names the reason");
        // The broker's deliveries: every one but the last rolled back; on the last the node dead-letters it itself.
        assertEquals(BrokerSettings.DEFAULT_MAX_DELIVERIES, attempts.getOrDefault(poisonId, new AtomicInteger()).get(),
                "attempts before the dead letter");
    }

    @Test
    void shouldTellTheSenderThatThePoisonWasDeadLettered() throws Exception {
        Ledger ledger = new Ledger("poison-status", new NumberedMessages(SENDER, RECIPIENT));
        String poisonId = ledger.messages().id(5, 0).toString();
        submitWithPoison(ledger, 10, poisonId);
        await().atMost(Duration.ofMinutes(1)).until(() -> ledger.count(layout).atSender().getOrDefault("DEAD_LETTERED", 0) == 1);
    }

    /**
     * Starts the two nodes, makes {@code poisonId} undeliverable at the recipient and submits 1..count; returns the
     * recipient's delivery attempts by message id.
     */
    private Map<String, AtomicInteger> submitWithPoison(Ledger ledger, int count, String poisonId) throws Exception {
        layout = new BusLayout(dir);
        DevPki.init(layout.pki(), List.of(SENDER, RECIPIENT));
        bus = BusNetwork.start(layout, List.of(SENDER, RECIPIENT), Clock.systemUTC(), audit -> { });
        Map<String, AtomicInteger> attempts = countAttempts(bus);
        Files.createDirectories(layout.delivered(RECIPIENT).resolve(poisonId + ".json"));
        new Submitter(ledger, bus.node(SENDER)::submit, 4).submit(count, accepted -> { }, 5);
        return attempts;
    }

    /** Exchanges the recipient's inbox route started, by message id: one per delivery attempt. */
    private static Map<String, AtomicInteger> countAttempts(BusNetwork bus) throws Exception {
        Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeCreatedEvent e
                        && ("inbox-" + RECIPIENT).equals(e.getExchange().getFromRouteId())) {
                    Object id = e.getExchange().getIn().getHeader("busMessageId");
                    started.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
                }
            }
        };
        notifier.setIgnoreExchangeEvents(false);
        bus.camel().getManagementStrategy().addEventNotifier(notifier);
        notifier.start();
        return started;
    }
}
