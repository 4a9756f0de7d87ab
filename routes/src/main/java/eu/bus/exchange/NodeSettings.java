package eu.bus.exchange;

import eu.bus.broker.WireLimits;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.PkiLayout;
import eu.bus.witnessing.WitnessSettings;
import java.nio.file.Path;

/**
 * How the nodes of one process run, beyond where their files are ({@link BusLayout}): the message limit, the
 * consumers per inbox, where their key-store passwords come from and which CA certificate checks the broker's
 * TLS certificate. {@code bus run} takes the defaults and its flags; {@code bus node --config} its file.
 *
 * @param brokerCa   the CA certificate (PEM) that issued the broker's certificate; null: the PKI's {@code ca.pem}
 * @param witnessing who cosigns the nodes' audit checkpoints, and how often they are asked
 */
public record NodeSettings(WireLimits limits, int consumersPerNode, KeyStorePasswords passwords, Path brokerCa,
                           WitnessSettings witnessing) {

    /**
     * Consumers per inbox and receipts queue of each node. Each spends most of a message waiting for
     * fsyncs (archive, delivery, audit group commit) and the broker, so four keep both cores busier than
     * two (hop benchmark: about 50 to 68 msg/s, docs/BENCHMARKS.md).
     */
    public static final int DEFAULT_CONSUMERS = 4;

    public NodeSettings {
        if (consumersPerNode < 1) {
            throw new IllegalArgumentException("at least one consumer per node, was " + consumersPerNode);
        }
    }

    public static NodeSettings defaults() {
        return new NodeSettings(WireLimits.defaults(), DEFAULT_CONSUMERS, KeyStorePasswords.fromEnvironment(), null,
                WitnessSettings.defaults());
    }

    public NodeSettings withLimits(WireLimits newLimits) {
        return new NodeSettings(newLimits, consumersPerNode, passwords, brokerCa, witnessing);
    }

    public NodeSettings withWitnessing(WitnessSettings newWitnessing) {
        return new NodeSettings(limits, consumersPerNode, passwords, brokerCa, newWitnessing);
    }

    /** The broker's CA certificate: the configured one, else the PKI's. */
    Path brokerCa(BusLayout layout) {
        return brokerCa != null ? brokerCa : new PkiLayout(layout.pki()).caCertificate();
    }
}
