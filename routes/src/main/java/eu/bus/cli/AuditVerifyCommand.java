package eu.bus.cli;

import eu.bus.audit.Checkpoint;
import eu.bus.audit.CheckpointCodec;
import eu.bus.audit.UntrustedCrlException;
import eu.bus.audit.VerificationReport;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verifies a node's audit log with the CA certificate and its CRL: framing, hash chain, "
                + "Merkle root at every checkpoint, checkpoint signatures, certificates and their revocation, and "
                + "consistency between consecutive checkpoints.",
                "With --witnesses N it also requires that N trusted witnesses (nodes of other agencies) cosigned the "
                        + "log's latest checkpoint, and refuses a log that forked from any checkpoint they cosigned: "
                        + "a history its own operator rewrote and signed again with the node's key.",
                "Prints OK with counts (exit 0), or the first bad record or checkpoint and what is wrong (exit 3)."},
        footer = {"", "Examples:", "  bus audit verify bus-data/nodes/NL-NMT/audit --ca bus-data/pki/ca.pem",
                "  bus audit verify bus-data/nodes/NL-NMT/audit --ca bus-data/pki/ca.pem --witnesses 2",
                "  bus audit verify bus-data/nodes/NL-NMT/audit --ca bus-data/pki/ca.pem --witnesses 2 \\",
                "      --witness-key EUROPOL.vkey --witness-key EUROJUST.vkey \\",
                "      --cosignatures bus-data/nodes/EUROPOL/state/witness/<hex origin>/cosigned.log"})
final class AuditVerifyCommand extends AuditCommand.Subcommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The node's audit directory.")
    Path dir;

    @Mixin
    LogCheckOptions check;

    @Option(names = "--trusted-checkpoint", paramLabel = "FILE",
            description = "A checkpoint of this log kept from an earlier run (see --save-checkpoint): the log must "
                    + "still hold its records with its root, which catches a log rewritten or cut together with "
                    + "its checkpoints.")
    Path trustedFile;

    @Option(names = "--save-checkpoint", paramLabel = "FILE",
            description = "After a successful run, write the latest verified checkpoint here, to pass as "
                    + "--trusted-checkpoint next time.")
    Path saveFile;

    @Override
    int execute() throws IOException {
        Path log = existingLog(dir);
        VerificationReport report;
        try {
            report = check.verifier(log).verify(progressBar("verifying"), trustedFile == null ? null : trusted(trustedFile));
        } catch (UntrustedCrlException e) {
            return fail(ExitCodes.VERIFICATION_FAILED, e.getMessage());
        }
        PrintWriter out = report.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr();
        spec.commandLine().getOut().flush();
        out.println(report.summary());
        check.revocationNote().ifPresent(out::println);
        if (!report.ok()) {
            return ExitCodes.VERIFICATION_FAILED;
        }
        if (saveFile != null) {
            save(report.latestCheckpoint());
        }
        return ExitCodes.OK;
    }

    private static Checkpoint trusted(Path file) {
        try {
            byte[] json = Files.readAllBytes(file);
            return CheckpointCodec.decode(json, 0, json.length);
        } catch (IOException e) {
            throw new AuditCommand.InvalidInput("cannot read the trusted checkpoint " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new AuditCommand.InvalidInput(file + ": " + e.getMessage());
        }
    }

    private void save(Checkpoint latest) throws IOException {
        if (latest == null) {
            spec.commandLine().getErr().println("bus audit verify: the log has no checkpoint yet; nothing saved");
            return;
        }
        Files.writeString(saveFile, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(latest) + "\n");
        spec.commandLine().getOut().println("saved checkpoint of " + latest.treeSize() + " records to " + saveFile);
    }
}
