package eu.bus.cli;

import eu.bus.archive.MessageArchive;
import eu.bus.audit.AuditLog;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.audit.LogLayout;
import eu.bus.envelope.MessageOpener;
import eu.bus.grant.GrantManifest;
import eu.bus.grant.GrantWriter;
import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.LiveRegistry;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeRole;
import eu.bus.keys.NodeTrust;
import eu.bus.replay.RecordedReception;
import eu.bus.replay.RecordedReceptions;
import eu.bus.replay.ReplayScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "grant", mixinStandardHelpOptions = true,
        description = {"Grants an auditor the reading of messages this node received: verifies the node's log first (as bus "
                + "audit verify), then opens each message it delivered, in scope, with the node's keys and seals it again "
                + "for the auditor's encryption certificate only. The sender's signature stays inside, so the auditor "
                + "verifies the original; the node's keys never leave it.",
                "Every message granted is audited GRANTED in the node's own log (to whom, --purpose, --user) before its "
                        + "sealed copy is written; the grant's manifest is signed by the node. The node must be stopped. "
                        + "The auditor opens it with bus audit open-grant."},
        footer = {"", "Example:",
                "  bus audit grant --logs bus-data/nodes/BE-NMT/audit --pki bus-data/pki --ca bus-data/pki/ca.pem \\",
                "      --auditor AUDITOR --case CASE-2026-000123 --purpose \"Eurojust audit request 2026/17\" --user dpo-be \\",
                "      --out grant-2026-17/"})
final class AuditGrantCommand extends AuditCommand.Subcommand {

    @Option(names = "--logs", required = true, paramLabel = "DIR", description = "The granting node's audit directory.")
    Path dir;

    @Option(names = "--archive", paramLabel = "ARCHIVE_DIR", description = "The node's archive. Default: DIR/archive, else the archive/ beside DIR.")
    Path archiveDir;

    @Option(names = "--pki", required = true, paramLabel = "PKI_DIR", description = "The PKI directory holding the node's key stores.")
    Path pki;

    @Mixin
    LogCheckOptions check;

    @Option(names = "--auditor", required = true, paramLabel = "AUDITOR", description = "The auditor granted (a node of role AUDITOR).")
    String grantee;

    @Mixin
    ScopeOptions scopeOptions;

    @Option(names = "--purpose", required = true, paramLabel = "TEXT", description = "Why the auditor may read them (audited).")
    String purpose;

    @Option(names = "--user", paramLabel = "USER", description = "Who grants, for the audit records.")
    String user;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the grant is written (a new directory).")
    Path out;

    @Override
    int execute() throws Exception {
        Path log = existingLog(dir);
        if (purpose.isBlank()) {
            throw new AuditCommand.InvalidInput("--purpose is empty: say why the auditor may read these messages");
        }
        if (Files.exists(out)) {
            throw new AuditCommand.InvalidInput(out + " exists: a grant goes to a new directory");
        }
        ReplayScope scope = scopeOptions.scope();
        if (NodeRole.ofNodeId(grantee) != NodeRole.AUDITOR) {
            throw new AuditCommand.InvalidInput(grantee + " is not an auditor (role " + NodeRole.ofNodeId(grantee) + "): a grant is for"
                    + " an auditor's reading; to share intelligence with another agency, send or forward it over the bus");
        }
        String node = nodeOf(log);
        requireNodeStopped(log, node, "grant");
        if (verifyFirst(check, log, "granted") == null) {
            return ExitCodes.VERIFICATION_FAILED;
        }
        NodeTrust trust = NodeTrust.load(pki);
        X509Certificate auditor = CertificateDirectory.of(LiveRegistry.follow(pki)).encryptionCertificate(grantee);
        trust.verify(grantee, auditor, KeyPurpose.ENCRYPTION, Clock.systemUTC().instant());
        List<RecordedReception> delivered = RecordedReceptions.read(new LogLayout(log), scope).stream()
                .filter(RecordedReception::accepted).toList();
        NodeCredentials keys = NodeCredentials.load(pki, node);
        GrantManifest manifest;
        try (AuditLog audit = openToAppend(log, node, JcaCheckpointSigner.of(keys), "grant again")) {
            manifest = new GrantWriter(node, keys, MessageArchive.at(archiveRoot(log, archiveDir)),
                    new MessageOpener(keys, trust, Clock.systemUTC()), audit, Clock.systemUTC())
                    .write(delivered, grantee, auditor, purpose.strip(), user, scope.describe(), out, progressBar("granting", 2_000));
        }
        spec.commandLine().getOut().println("granted " + manifest.messages().size() + " message(s) received by " + node + " ("
                + scope.describe() + ") to " + grantee + " in " + out + "; one GRANTED record each in " + node + "'s log");
        return ExitCodes.OK;
    }
}
