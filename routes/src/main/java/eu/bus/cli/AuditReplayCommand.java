package eu.bus.cli;

import eu.bus.archive.MessageArchive;
import eu.bus.audit.AuditLog;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.audit.LogLayout;
import eu.bus.audit.VerificationReport;
import eu.bus.envelope.MessageOpener;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.replay.ArchiveReplay;
import eu.bus.replay.NodeReplay;
import eu.bus.replay.RecordedReception;
import eu.bus.replay.RecordedReceptions;
import eu.bus.replay.ReplaySink;
import eu.bus.replay.ReplayToDirectory;
import eu.bus.replay.ReplayToQueue;
import eu.bus.replay.ReplayReport;
import eu.bus.replay.ReplayScope;
import eu.bus.validation.MessageValidator;
import eu.bus.validation.SchemaCatalog;
import eu.bus.validation.ValidationLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays what a node received: verifies its audit log first (as bus audit verify, with the same "
                + "options), then re-drives each archived copy it recorded as RECEIVED, in the log's order, through the "
                + "opening pipeline with the node's keys (its key history included): the body the log names, its "
                + "decryption, the sender's signature over payload and header by a bus certificate valid when it "
                + "arrived, and the payload against the schema version it claimed. Reports every difference from what "
                + "the log recorded (delivered or refused), and which messages the newest schema version (of this build,"
                + " or of --schemas) would refuse.",
                "Every message replayed is audited REPLAYED in the node's own log, with --user and --purpose, before its "
                        + "content is written anywhere; the node must be stopped (its log has one writer).",
                "Exit 0 when every message reproduces what the log recorded; 3 when some differ, or when the log does not "
                        + "verify (then nothing is replayed)."},
        footer = {"", "Examples:",
                "  bus audit replay --logs bus-data/nodes/BE-NMT/audit --pki bus-data/pki --ca bus-data/pki/ca.pem \\",
                "      --witnesses 2 --purpose \"annual audit 2026\" --user auditor-be",
                "  bus audit replay --logs bus-data/nodes/BE-NMT/audit --pki bus-data/pki --ca bus-data/pki/ca.pem \\",
                "      --case CASE-2026-000123 --from 2026-11-01 --to 2026-12-01 --purpose \"case review\" --json",
                "  bus audit replay --logs bus-data/nodes/BE-NMT/audit --pki bus-data/pki --ca bus-data/pki/ca.pem \\",
                "      --schemas next-release/schemas/json --purpose \"impact of the 1.1 schemas\"",
                "  bus audit replay --logs bus-data/nodes/BE-NMT/audit --pki bus-data/pki --ca bus-data/pki/ca.pem \\",
                "      --to-dir reprocess/ --purpose \"reload into the new case system\"",
                "  bus audit replay --logs bus-data/nodes/BE-NMT/audit --pki bus-data/pki --ca bus-data/pki/ca.pem \\",
                "      --to-queue 127.0.0.1:61617 --purpose \"reload into the new case system\""})
final class AuditReplayCommand extends AuditCommand.Subcommand {

    /** A bar from this many messages on: fewer replay in a blink. */
    private static final long PROGRESS_FROM_MESSAGES = 2_000;

    @Option(names = "--logs", required = true, paramLabel = "DIR", description = "The receiving node's audit directory.")
    Path dir;

    @Option(names = "--archive", paramLabel = "ARCHIVE_DIR",
            description = "The node's archive. Default: DIR/archive, else the archive/ beside DIR.")
    Path archiveDir;

    @Option(names = "--pki", required = true, paramLabel = "PKI_DIR",
            description = "The PKI directory holding the node's key stores (their password from BUS_KEYSTORE_PASSWORD_NODE "
                    + "or the node's keystore.password); its keys decrypt and sign the log's checkpoint after the replay.")
    Path pki;

    @Mixin
    LogCheckOptions check;

    @Mixin
    ScopeOptions scopeOptions;

    @Option(names = "--schemas", paramLabel = "SCHEMA_DIR",
            description = "Another release's schemas (laid out as schemas/json: NAME/VERSION.json): report the messages "
                    + "their newest versions would refuse. Default: this build's.")
    Path schemas;

    @Option(names = "--to-dir", paramLabel = "DIR",
            description = "Write each message that replays as accepted to DIR, for a reprocessing system: "
                    + "SEQ-ID.replay.json, marked as a replay (never a bus document a gateway would take for new).")
    Path toDir;

    @Option(names = "--to-queue", paramLabel = "HOST:PORT",
            description = "Put each message that replays as accepted on the node's replay queue (bus.NODE.replay) at the"
                    + " broker HOST:PORT, as the node: its protected bytes as archived, marked busReplay=true. Only the node"
                    + " may read that queue and no gateway does, so no live receiver takes a replay for a new message.")
    String toQueue;

    @Option(names = "--purpose", required = true, paramLabel = "TEXT",
            description = "Why the content is opened: recorded with every REPLAYED record.")
    String purpose;

    @Option(names = "--user", paramLabel = "USER", description = "Who replays, for the audit records.")
    String user;

    @Option(names = "--json", description = "JSON lines (one per message, then a summary) instead of the table.")
    boolean json;

    @Override
    int execute() throws Exception {
        Path log = existingLog(dir);
        if (toDir != null && toQueue != null) {
            throw new AuditCommand.InvalidInput("give --to-dir or --to-queue, not both");
        }
        if (purpose.isBlank()) {
            throw new AuditCommand.InvalidInput("--purpose is empty: say why the messages are opened, e.g. --purpose \"annual audit 2026\"");
        }
        ReplayScope scope = scopeOptions.scope();
        String node = nodeOf(log);
        requireNodeStopped(log, node, "replay");
        PrintWriter out = spec.commandLine().getOut();
        VerificationReport verified = verifyFirst(check, log, "replayed");
        if (verified == null) {
            return ExitCodes.VERIFICATION_FAILED;
        }
        if (!json) {
            out.println(verified.summary());
            check.revocationNote().ifPresent(out::println);
        }
        List<RecordedReception> received = RecordedReceptions.read(new LogLayout(log), scope);
        NodeCredentials keys = NodeCredentials.load(pki, node);
        NodeTrust trust = NodeTrust.load(pki);
        MessageValidator pinned = new MessageValidator();
        MessageValidator current = schemas == null ? pinned
                : new MessageValidator(SchemaCatalog.fromDirectory(schemas), ValidationLimits.defaults());
        ArchiveReplay replay = new ArchiveReplay(MessageArchive.at(archiveRoot(log, archiveDir)),
                new MessageOpener(keys, trust, Clock.systemUTC()), trust.busTrust(), pinned, current);
        ReplayReport report;
        try (AuditLog audit = openToAppend(log, node, JcaCheckpointSigner.of(keys), "replay again")) {
            try (ReplaySink sink = sink(node)) {
                report = new NodeReplay(node, replay, audit, sink, user, purpose.strip())
                        .run(received, scope, schemas == null ? "this build" : schemas.toString(),
                                progressBar("replaying", PROGRESS_FROM_MESSAGES));
            }
        }
        if (json) {
            report.printJson(out);
        } else {
            report.printTable(out);
            if (toDir != null || toQueue != null) {
                out.println((toDir != null ? "written to " + toDir : "put on " + eu.bus.broker.BusAddresses.replay(node) + " at "
                        + toQueue) + ": " + report.messages().stream()
                        .filter(m -> m.verdict() == eu.bus.replay.ReplayedMessage.Verdict.ACCEPTED).count() + " message(s)");
            }
        }
        return report.differences() == 0 ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }

    /** Where accepted replays go: a directory, the node's replay queue, or nowhere (a report only). */
    private ReplaySink sink(String node) {
        if (toDir != null) {
            return new ReplayToDirectory(toDir, node, Clock.systemUTC().instant());
        }
        if (toQueue != null) {
            eu.bus.broker.BrokerAddress broker;
            try {
                broker = eu.bus.broker.BrokerAddress.parse(toQueue);
            } catch (IllegalArgumentException e) {
                throw new AuditCommand.InvalidInput("--to-queue " + toQueue + ": " + e.getMessage());
            }
            return new ReplayToQueue(broker.host(), broker.port(), pki, node, Clock.systemUTC().instant());
        }
        return null;
    }
}
