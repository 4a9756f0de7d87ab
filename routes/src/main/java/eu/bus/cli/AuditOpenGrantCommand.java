package eu.bus.cli;

import eu.bus.envelope.MessageOpener;
import eu.bus.grant.GrantManifest;
import eu.bus.grant.GrantOpening;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "open-grant", mixinStandardHelpOptions = true,
        description = {"An auditor opens what a node granted it (bus audit grant): checks the grant's signature (the granting "
                + "node, by a bus certificate valid when it granted), opens each sealed copy with the auditor's own keys, "
                + "verifies the original sender's signature and header binding and the sender's certificate at arrival, "
                + "and validates the payload against the schema version it claimed.",
                "With --node-log (the granting node's audit directory, verified first with bus audit verify) each message is "
                        + "also checked against it: received with that digest, and recorded GRANTED to this auditor.",
                "Exit 0 when every message opens and checks out, 3 otherwise."},
        footer = {"", "Example:",
                "  bus audit open-grant grant-2026-17/ --pki auditor-pki --as AUDITOR \\",
                "      --node-log bus-data/nodes/BE-NMT/audit --to-dir granted/ && bus stats granted/"})
final class AuditOpenGrantCommand extends AuditCommand.Subcommand {

    @Parameters(index = "0", paramLabel = "GRANT_DIR", description = "The grant's directory.")
    Path grant;

    @Option(names = "--pki", required = true, paramLabel = "PKI_DIR", description = "The auditor's PKI directory (its own key stores).")
    Path pki;

    @Option(names = "--as", required = true, paramLabel = "AUDITOR", description = "The auditor the grant is for.")
    String auditor;

    @Option(names = "--node-log", paramLabel = "DIR", description = "The granting node's audit directory, to check each message against.")
    Path nodeLog;

    @Option(names = "--to-dir", paramLabel = "DIR", description = "Write each message that checks out here (header and payload).")
    Path toDir;

    @Override
    int execute() throws Exception {
        if (!Files.isRegularFile(grant.resolve(GrantManifest.FILE))) {
            throw new AuditCommand.InvalidInput(grant + " holds no " + GrantManifest.FILE + ": give the directory bus audit grant wrote");
        }
        NodeTrust trust = NodeTrust.load(pki);
        GrantOpening opening = new GrantOpening(new MessageOpener(NodeCredentials.load(pki, auditor), trust, Clock.systemUTC()),
                trust.busTrust());
        GrantManifest manifest;
        try {
            manifest = opening.manifest(grant, auditor);
        } catch (IllegalArgumentException e) {
            return fail(ExitCodes.VERIFICATION_FAILED, "the grant in " + grant + " is not to be trusted: " + e.getMessage());
        }
        List<GrantOpening.Opened> opened = opening.open(grant, manifest, nodeLog == null ? null : existingLog(nodeLog));
        if (toDir != null) {
            Files.createDirectories(toDir);
        }
        PrintWriter out = spec.commandLine().getOut();
        long failed = 0;
        for (GrantOpening.Opened o : opened) {
            out.printf("%-36s %-22s %s%n", o.entry().header().messageId(), o.entry().header().messageType().name(),
                    o.problem() == null ? "OK, signed by " + o.message().signer() : "REFUSED: " + o.problem());
            if (o.problem() != null) {
                failed++;
            } else if (toDir != null) {
                GrantOpening.write(toDir, manifest, o);
            }
        }
        out.println((failed == 0 ? "OK: " : "REFUSED: ") + opened.size() + " message(s) granted by " + manifest.node() + " to "
                + auditor + " on " + manifest.grantedAt() + " for \"" + manifest.purpose() + "\"; "
                + (failed == 0 ? "each opens and verifies" : failed + " do not check out")
                + (nodeLog == null ? " (not checked against " + manifest.node() + "'s log: give --node-log)" : ", as its log records")
                + (toDir == null ? "" : "; written to " + toDir));
        return failed == 0 ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }
}
