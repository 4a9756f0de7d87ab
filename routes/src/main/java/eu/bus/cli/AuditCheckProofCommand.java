package eu.bus.cli;

import eu.bus.audit.AuditRecord;
import eu.bus.audit.InclusionProof;
import eu.bus.audit.InvalidProofException;
import eu.bus.audit.ProofChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check-proof", mixinStandardHelpOptions = true,
        description = {"Checks an inclusion proof made by 'bus audit prove', with nothing but the CA certificate.",
                "Exit 0 when the record is proven to be in the node's signed log, 3 when the proof fails."},
        footer = {"", "Example:", "  bus audit check-proof record-42.json --ca bus-data/pki/ca.pem"})
final class AuditCheckProofCommand extends AuditCommand.Subcommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The proof (JSON).")
    Path file;

    @Option(names = "--ca", required = true, paramLabel = "CA_PEM", description = "The bus CA certificate (PEM).")
    Path caFile;

    @Override
    int execute() {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new AuditCommand.InvalidInput("cannot read the proof " + file + ": " + e.getMessage());
        }
        InclusionProof proof;
        try {
            proof = InclusionProof.fromJson(json);
        } catch (InvalidProofException e) {
            throw new AuditCommand.InvalidInput(file + ": " + e.getMessage());
        }
        try {
            AuditRecord r = new ProofChecker(ca(caFile)).check(proof);
            spec.commandLine().getOut().println("OK: record " + r.sequence() + " (" + r.event()
                    + (r.messageId() == null ? "" : " of message " + r.messageId()) + " at " + r.time()
                    + ") is in the audit log of " + proof.checkpoint().node() + ", whose checkpoint of "
                    + proof.treeSize() + " records was signed at " + proof.checkpoint().time());
            return ExitCodes.OK;
        } catch (InvalidProofException e) {
            return fail(ExitCodes.VERIFICATION_FAILED, "the proof does not hold: " + e.getMessage());
        }
    }
}
