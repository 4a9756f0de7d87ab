package eu.bus.exchange;

import eu.bus.archive.MessageArchive;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditLogConfig;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.broker.CaseParticipants;
import eu.bus.envelope.MessageOpener;
import eu.bus.envelope.MessageProtector;
import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.LiveCredentials;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;

/**
 * Everything one node's gateway holds, created once: its keys, protector and opener (with their
 * caches), audit log, archive, status store, the persisted set of processed message ids and its
 * own view of the case participants. The keys follow the PKI files ({@link LiveCredentials}): the
 * protector, the opener and the audit checkpoints use the node's keys of the moment.
 */
public final class NodeServices implements AutoCloseable {

    /**
     * Ids remembered for replay protection. A replayed copy must reach the broker within the time window
     * of createdAt (the broker stamps that time), so it trails the original by at most twice the window
     * (10 minutes) of broker arrivals plus whatever backlog this node had queued: 1,000,000 ids cover that
     * up to a backlog of about a million messages (hours at the measured 50-70 msg/s). Beyond it, only the
     * broker's duplicate detection (per sender and address) stops a replay. See docs/EXCHANGE.md.
     */
    private static final int PROCESSED_IDS_KEPT = 1_000_000;
    private static final long PROCESSED_FILE_BYTES = 64L << 20;

    private final String node;
    private final BusLayout layout;
    private final LiveCredentials credentials;
    private final MessageProtector protector;
    private final MessageOpener opener;
    private final AuditLog audit;
    private final MessageArchive archive;
    private final StatusStore status;
    private final ProcessedIds processed;
    private final CaseParticipants cases;
    private final Clock clock;
    private final Outbox outbox;
    private final CertificateDirectory directory;

    private NodeServices(String node, BusLayout layout, LiveCredentials credentials, CertificateDirectory directory,
                         MessageProtector protector, MessageOpener opener, AuditLog audit, MessageArchive archive,
                         StatusStore status, ProcessedIds processed, CaseParticipants cases, Clock clock) {
        this.node = node;
        this.directory = directory;
        this.layout = layout;
        this.credentials = credentials;
        this.protector = protector;
        this.opener = opener;
        this.audit = audit;
        this.archive = archive;
        this.status = status;
        this.processed = processed;
        this.cases = cases;
        this.clock = clock;
        this.outbox = new Outbox(layout.state(node).resolve("outbox"));
    }

    public static NodeServices open(BusLayout layout, String node, NodeTrust trust, CertificateDirectory directory, Clock clock)
            throws IOException {
        return open(layout, node, trust, directory, KeyStorePasswords.fromEnvironment(), clock);
    }

    /** As above, with the node's key-store passwords from {@code passwords} (bus node --config names them). */
    public static NodeServices open(BusLayout layout, String node, NodeTrust trust, CertificateDirectory directory,
                                    KeyStorePasswords passwords, Clock clock) throws IOException {
        LiveCredentials credentials = LiveCredentials.follow(layout.pki(), node, trust, passwords, clock);
        Files.createDirectories(layout.state(node));
        AuditLog audit = AuditLog.open(AuditLogConfig.of(layout.audit(node), node).withClock(clock),
                JcaCheckpointSigner.of(credentials));
        ProcessedIds processed = ProcessedIds.open(layout.state(node).resolve("processed-ids.txt"), PROCESSED_IDS_KEPT,
                PROCESSED_FILE_BYTES);
        return new NodeServices(node, layout, credentials, directory,
                new MessageProtector(credentials, directory, trust, clock),
                new MessageOpener(credentials, trust, clock),
                audit, MessageArchive.at(layout.archive(node)), StatusStore.open(layout.state(node), clock), processed,
                CaseParticipants.open(layout.caseView(node)), clock);
    }

    public String node() {
        return node;
    }

    public BusLayout layout() {
        return layout;
    }

    /** The node's keys now (they change when the node's keys are rotated). */
    public NodeCredentials credentials() {
        return credentials.current();
    }

    /** The node's keys as they follow the PKI files, with their standing (valid, revoked). */
    public LiveCredentials keys() {
        return credentials;
    }

    /** The other nodes' certificates as the registry pins them now (a rotation changes them). */
    public CertificateDirectory directory() {
        return directory;
    }

    public MessageProtector protector() {
        return protector;
    }

    public MessageOpener opener() {
        return opener;
    }

    public AuditLog audit() {
        return audit;
    }

    public MessageArchive archive() {
        return archive;
    }

    public StatusStore status() {
        return status;
    }

    public ProcessedIds processed() {
        return processed;
    }

    /** This node's view of who participates in which case; changed by its lifecycle messages, sent and delivered. */
    public CaseParticipants cases() {
        return cases;
    }

    /** What this node accepted and must still get to the broker (and may have to protect again). */
    public Outbox outbox() {
        return outbox;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() throws Exception {
        processed.close();
        status.close();
        audit.close();
    }
}
