package eu.bus.cli;

import eu.bus.audit.AuditChainBrokenException;
import eu.bus.audit.AuditProver;
import eu.bus.audit.InclusionProof;
import eu.bus.audit.ProofUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "prove", mixinStandardHelpOptions = true,
        description = {"Prints an inclusion proof (JSON) of one record against the latest signed checkpoint.",
                "Anyone with the CA certificate can check it with 'bus audit check-proof'."},
        footer = {"", "Example:", "  bus audit prove bus-data/nodes/NL-NMT/audit --record 42 --out record-42.json"})
final class AuditProveCommand extends AuditCommand.Subcommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The node's audit directory.")
    Path dir;

    @Option(names = "--record", required = true, paramLabel = "N", description = "The record's sequence number.")
    long record;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the proof here instead of standard output.")
    Path out;

    @Override
    int execute() throws Exception {
        InclusionProof proof;
        try {
            proof = new AuditProver(existingLog(dir)).prove(record);
        } catch (ProofUnavailableException e) {
            return fail(ExitCodes.INVALID_INPUT, e.getMessage());
        } catch (AuditChainBrokenException e) {
            return fail(ExitCodes.VERIFICATION_FAILED, e.getMessage());
        }
        if (out == null) {
            spec.commandLine().getOut().println(proof.toJson());
        } else {
            Files.writeString(out, proof.toJson() + "\n", StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote the inclusion proof of record " + record + " (tree of "
                    + proof.treeSize() + " records) to " + out);
        }
        return ExitCodes.OK;
    }
}
