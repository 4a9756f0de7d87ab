package eu.bus.cli;

import eu.bus.audit.AuditVerifier;
import eu.bus.audit.Checkpoint;
import eu.bus.audit.CheckpointCodec;
import eu.bus.audit.CheckpointRevocation;
import eu.bus.audit.RecordReader;
import eu.bus.audit.UntrustedCrlException;
import eu.bus.audit.VerificationReport;
import eu.bus.keys.Pem;
import eu.bus.message.Json;
import eu.bus.witness.CosignerKey;
import eu.bus.witness.WitnessKeys;
import eu.bus.witness.WitnessPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
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

    /** Below this a progress bar would only flicker. */
    private static final long PROGRESS_FROM_BYTES = 64L << 20;

    @Parameters(index = "0", paramLabel = "DIR", description = "The node's audit directory.")
    Path dir;

    @Option(names = "--ca", required = true, paramLabel = "CA_PEM", description = "The bus CA certificate (PEM).")
    Path caFile;

    @Option(names = "--crl", paramLabel = "CRL_PEM",
            description = "The bus CA's CRL (PEM): checkpoints signed with a revoked key are refused (docs/AUDIT.md). "
                    + "Default: crl.pem beside the CA file, if there is one.")
    Path crlFile;

    @Option(names = "--trusted-checkpoint", paramLabel = "FILE",
            description = "A checkpoint of this log kept from an earlier run (see --save-checkpoint): the log must "
                    + "still hold its records with its root, which catches a log rewritten or cut together with "
                    + "its checkpoints.")
    Path trustedFile;

    @Option(names = "--save-checkpoint", paramLabel = "FILE",
            description = "After a successful run, write the latest verified checkpoint here, to pass as "
                    + "--trusted-checkpoint next time.")
    Path saveFile;

    @Option(names = "--witnesses", paramLabel = "N", defaultValue = "0",
            description = "How many distinct trusted witnesses must have cosigned the log's latest checkpoint "
                    + "(default: ${DEFAULT-VALUE}; the bus asks 2 by default, docs/AUDIT.md).")
    int witnesses;

    @Option(names = "--witness-key", paramLabel = "VKEY", arity = "1",
            description = "A trusted witness's public key: a file of C2SP verifier keys (one per line, as each node "
                    + "publishes in pki/witnesses/NODE.vkey) or a directory of .vkey files; repeat for several. "
                    + "Default: the witnesses directory beside the CA file, if there is one.")
    List<Path> witnessKeys = new ArrayList<>();

    @Option(names = "--cosignatures", paramLabel = "FILE", arity = "1",
            description = "More cosigned checkpoints to check the log against, besides its own cosignatures.log: "
                    + "for example a witness's own cosigned.log, which the log's operator cannot touch; repeat for several.")
    List<Path> cosignatures = new ArrayList<>();

    @Override
    int execute() throws IOException {
        Path log = existingLog(dir);
        X509Certificate ca = ca(caFile);
        CheckpointRevocation revocation;
        try {
            revocation = revocation(ca);
        } catch (UntrustedCrlException e) {
            return fail(ExitCodes.VERIFICATION_FAILED, e.getMessage());
        }
        VerificationReport report = new AuditVerifier(log, ca, revocation, witnessPolicy())
                .verify(progressBar(), trustedFile == null ? null : trusted(trustedFile));
        PrintWriter out = report.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr();
        spec.commandLine().getOut().flush();
        out.println(report.summary());
        if (!revocation.checked()) {
            out.println("revocation was not checked: no --crl given and no crl.pem beside " + caFile
                    + "; pass --crl FILE with the bus CA's CRL (crl.pem of the PKI) to refuse checkpoints signed with revoked keys");
        }
        if (!report.ok()) {
            return ExitCodes.VERIFICATION_FAILED;
        }
        if (saveFile != null) {
            save(report.latestCheckpoint());
        }
        return ExitCodes.OK;
    }

    /** The witness keys from --witness-key, else the witnesses directory beside the CA file; what --witnesses requires. */
    private WitnessPolicy witnessPolicy() {
        if (witnesses < 0) {
            throw new AuditCommand.InvalidInput("--witnesses must be 0 or more, not " + witnesses);
        }
        List<Path> sources = new ArrayList<>(witnessKeys);
        if (sources.isEmpty() && Files.isDirectory(caFile.resolveSibling("witnesses"))) {
            sources.add(caFile.resolveSibling("witnesses"));
        }
        List<CosignerKey> keys = new ArrayList<>();
        for (Path source : sources) {
            try {
                keys.addAll(WitnessKeys.read(source));
            } catch (IOException e) {
                throw new AuditCommand.InvalidInput("cannot read the witness keys " + source + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new AuditCommand.InvalidInput(source + ": " + e.getMessage());
            }
        }
        for (Path file : cosignatures) {
            if (!Files.isReadable(file)) {
                throw new AuditCommand.InvalidInput("cannot read the cosignatures " + file);
            }
        }
        try {
            return new WitnessPolicy(keys, witnesses, cosignatures);
        } catch (IllegalArgumentException e) {
            throw new AuditCommand.InvalidInput(e.getMessage() + (sources.isEmpty()
                    ? " (no witnesses directory beside " + caFile + ")" : " (read from " + sources + ")"));
        }
    }

    /** The CRL from --crl, else crl.pem beside the CA file, else none (the report then says so). */
    private CheckpointRevocation revocation(X509Certificate ca) throws UntrustedCrlException {
        Path file = crlFile;
        if (file == null) {
            file = caFile.resolveSibling("crl.pem");
            if (!Files.exists(file)) {
                return CheckpointRevocation.notChecked();
            }
        }
        if (!Files.isReadable(file)) {
            throw new AuditCommand.InvalidInput("cannot read the CRL " + file);
        }
        X509CRL crl;
        try {
            crl = Pem.readCrl(file);
        } catch (RuntimeException e) {
            throw new AuditCommand.InvalidInput(file + " is not a PEM CRL: " + e.getMessage());
        }
        return CheckpointRevocation.against(crl, ca, file.toString());
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

    /** On a terminal only: redirected output stays clean for scripts. */
    private RecordReader.Progress progressBar() {
        if (System.console() == null) {
            return RecordReader.Progress.NONE;
        }
        PrintWriter err = spec.commandLine().getErr();
        return (done, total) -> {
            if (total < PROGRESS_FROM_BYTES) {
                return;
            }
            int percent = (int) (100 * done / total);
            err.print("\rverifying [" + "#".repeat(percent / 5) + " ".repeat(20 - percent / 5) + "] " + percent + "% ");
            if (done == total) {
                err.print("\r" + " ".repeat(40) + "\r");
            }
            err.flush();
        };
    }
}
