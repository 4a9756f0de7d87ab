package eu.bus.reliability;

import eu.bus.audit.AuditEvent;
import eu.bus.broker.BrokerAddress;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.NodeGateway;
import eu.bus.exchange.NodeRoutes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;

/**
 * A test-only main: one node against an external broker, exactly as {@code bus run --broker} runs it,
 * except that the JVM halts ({@link Runtime#halt}: no shutdown hook, no commit, as {@code kill -9})
 * right after the route step {@code STEP-NODE} has completed for the {@code N}th time. With
 * {@code deliver} the case system has the message but nothing is marked processed or acknowledged; with
 * {@code mark-processed} everything is done except the broker's acknowledgement (the commit that
 * follows the route). With {@code receipt-sent} it halts when the {@code N}th receipt it sent is on the broker and
 * its SENT record durable: the consumer's batch has sent its receipts but not yet marked its ids processed nor
 * committed (the step is the audit record, not a route step).
 * <p>
 * Arguments: {@code WORKDIR HOST:PORT NODE STEP N}. Writes {@code WORKDIR/crashing-node.ready} once its
 * routes carry the crash point.
 */
public final class CrashingNode {

    static final String READY = "crashing-node.ready";
    /** The exit status of the halt, so a test tells it from any other end. */
    static final int HALTED = 99;
    /** The crash point that is not a route step: the Nth receipt this node sent is on the broker. */
    static final String RECEIPT_SENT = "receipt-sent";

    private CrashingNode() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        BrokerAddress broker = BrokerAddress.parse(args[1]);
        String node = args[2];
        String step = args[3] + "-" + node;
        int after = Integer.parseInt(args[4]);
        AtomicInteger receiptsSent = new AtomicInteger();
        boolean onReceipt = args[3].equals(RECEIPT_SENT);
        BusNetwork bus = BusNetwork.startExternal(new BusLayout(dir), List.of(node), broker, Clock.systemUTC(), audit -> audit.onRecord(r -> {
            // Called when the record is durable, before the batch waiting for it goes on to its commit.
            if (onReceipt && r.event() == AuditEvent.SENT && "DELIVERY_RECEIPT".equals(r.messageType())
                    && receiptsSent.incrementAndGet() == after) {
                halt("halting once receipt " + after + " is on the broker, before the batch commits");
            }
        }));
        CamelContext camel = bus.camel();
        AtomicInteger completed = new AtomicInteger();
        camel.getCamelContextExtension().addInterceptStrategy((context, definition, target, next) ->
                step.equals(definition.getId()) ? haltAfter(target, completed, after) : target);
        // The routes were built before the crash point existed: build them again with it. Nothing was sent to
        // this node yet (the scenario submits once this process is ready), so no message is in flight.
        NodeGateway gateway = bus.node(node);
        for (String route : List.of("submit-", "send-", "drop-", "inbox-", "receipts-")) {
            camel.getRouteController().stopRoute(route + node);
            camel.removeRoute(route + node);
        }
        camel.addRoutes(new NodeRoutes(gateway));
        Files.writeString(dir.resolve(READY), Long.toString(ProcessHandle.current().pid()));
        System.out.println("crashing node " + node + " halts after step " + step + " completed " + after + " times");
        Thread.currentThread().join(); // until halted or killed
    }

    private static Processor haltAfter(Processor target, AtomicInteger completed, int after) {
        return exchange -> {
            target.process(exchange);
            if (exchange.getException() == null && completed.incrementAndGet() == after) {
                halt("halting after message " + after);
            }
        };
    }

    private static void halt(String why) {
        System.out.println(why);
        System.out.flush();
        Runtime.getRuntime().halt(HALTED);
    }
}
