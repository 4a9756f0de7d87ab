package eu.bus.cli;

import eu.bus.archive.ArchivedMessage;
import eu.bus.archive.MessageArchive;
import eu.bus.archive.RetentionPurge;
import eu.bus.audit.AuditLog;
import eu.bus.audit.CheckpointSigner;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.keys.NodeCredentials;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Deletes archived message bodies (and their headers) created before DATE, appending one "
                + "PURGED record per message to the audit log first. The chain and checkpoints still verify: "
                + "they hold digests only.",
                "The node must not be running (the log has one writer): stop bus run first; --dry-run lists what would"
                        + " be deleted, deletes nothing and works while it runs. Give --pki to sign a checkpoint now."},
        footer = {"", "Example:", "  bus audit purge bus-data/nodes/NL-NMT/audit --before 2026-01-31 --dry-run",
                "  bus audit purge bus-data/nodes/NL-NMT/audit --before 2026-01-31 --pki bus-data/pki --user dpo-nl"})
final class AuditPurgeCommand extends AuditCommand.Subcommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The node's audit directory.")
    Path dir;

    @Option(names = "--before", required = true, paramLabel = "DATE",
            description = "Purge messages created before this date (2026-01-31) or UTC time (2026-01-31T12:00:00Z).")
    String before;

    @Option(names = "--pki", paramLabel = "PKI_DIR",
            description = "The PKI directory holding the node's signing key; without it the PURGED records wait "
                    + "for the node's next checkpoint.")
    Path pki;

    @Option(names = "--user", paramLabel = "USER", description = "Who purges, for the audit record.")
    String user;

    @Option(names = "--archive", paramLabel = "ARCHIVE_DIR",
            description = "The archive directory (holding the <first 2 hex>/ directories). Default: DIR/archive, "
                    + "else the archive/ beside DIR (the exchange's nodes/<NODE>/{audit,archive} layout).")
    Path archiveDir;

    @Option(names = "--dry-run", description = "List the messages that would be purged; delete nothing, log nothing.")
    boolean dryRun;

    @Override
    int execute() {
        Instant cutoff = AuditCommand.parseTime(before);
        String node = nodeOf(existingLog(dir));
        PrintWriter out = spec.commandLine().getOut();
        MessageArchive archive = MessageArchive.at(archiveRoot(dir, archiveDir));
        if (dryRun) {
            List<ArchivedMessage> due = RetentionPurge.dueBefore(archive, cutoff);
            for (ArchivedMessage m : due) {
                out.println(m.header().messageId() + "  " + m.header().createdAt() + "  " + m.header().messageType().wireName()
                        + (m.header().caseId() == null ? "" : "  " + m.header().caseId()));
            }
            out.println("would purge " + due.size() + " archived message(s) created before " + cutoff + " from "
                    + archive.root() + "; nothing deleted (--dry-run)");
            return ExitCodes.OK;
        }
        requireNodeStopped(dir, node, "purge");
        CheckpointSigner signer = pki == null ? null : JcaCheckpointSigner.of(NodeCredentials.load(pki, node));
        List<ArchivedMessage> purged;
        try (AuditLog log = openToAppend(dir, node, signer, "purge again (--dry-run lists what would be purged while it runs)")) {
            purged = new RetentionPurge(archive, log).purgeBefore(cutoff, user);
        }
        out.println("purged " + purged.size() + " archived message(s) created before " + cutoff + " from "
                + archive.root() + "; one PURGED audit record each");
        if (signer == null && !purged.isEmpty()) {
            spec.commandLine().getErr().println("bus audit purge: no checkpoint signed (no --pki): the PURGED records"
                    + " will be covered by the node's next checkpoint");
        }
        return ExitCodes.OK;
    }
}
