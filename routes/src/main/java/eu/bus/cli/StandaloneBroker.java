package eu.bus.cli;

import eu.bus.broker.BrokerAddress;
import eu.bus.broker.BrokerSettings;
import eu.bus.broker.DiskLimits;
import eu.bus.broker.WireLimits;
import eu.bus.broker.EmbeddedBroker;
import eu.bus.demo.CrossBorderCaseDemo;
import eu.bus.exchange.BusLayout;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What {@code bus broker} runs: the bus broker alone, with the settings the embedded one has (journal
 * in {@code DIR/broker}, PKI in {@code DIR/pki}), announced in {@code DIR/broker.json} while it runs.
 */
final class StandaloneBroker implements AutoCloseable {

    private final Path workDir;
    private final EmbeddedBroker broker;
    private final BrokerFile brokerFile;
    private final boolean pkiCreated;

    private StandaloneBroker(Path workDir, EmbeddedBroker broker, BrokerFile brokerFile, boolean pkiCreated) {
        this.workDir = workDir;
        this.broker = broker;
        this.brokerFile = brokerFile;
        this.pkiCreated = pkiCreated;
    }

    /**
     * Creates a dev PKI for the demo's nodes unless {@code DIR/pki} exists, starts the broker on
     * {@code host:port} (0: a free port), storing messages within {@code disk}, and writes {@code DIR/broker.json}.
     * Refuses a directory whose journal another broker uses (bus broker, or bus run's embedded one): two brokers
     * must not share one journal.
     */
    static StandaloneBroker start(Path workDir, String host, int port, WireLimits limits, DiskLimits disk) throws Exception {
        Path dir = WritableWorkDir.create(workDir.toAbsolutePath().normalize());
        BrokerJournal.requireFree(dir, "bus broker");
        BusLayout layout = new BusLayout(dir);
        boolean created = WorkDirPki.createIfMissing(layout, CrossBorderCaseDemo.NODES);
        EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.defaults(layout.broker(), layout.pki())
                .withHost(host).withPort(port).withLimits(limits).withDisk(disk), Clock.systemUTC());
        BrokerFile file = new BrokerFile(new BrokerAddress(broker.host(), broker.port()), ProcessHandle.current().pid(),
                Clock.systemUTC().instant());
        try {
            file.write(dir);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return new StandaloneBroker(dir, broker, file, created);
    }

    Path workDir() {
        return workDir;
    }

    BrokerFile brokerFile() {
        return brokerFile;
    }

    boolean pkiCreated() {
        return pkiCreated;
    }

    /** Removes broker.json first (nobody should find a stopping broker), then stops the broker. */
    @Override
    public void close() throws Exception {
        BrokerFile.delete(workDir);
        broker.close();
    }
}
