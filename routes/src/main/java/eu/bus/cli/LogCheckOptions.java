package eu.bus.cli;

import eu.bus.audit.AuditVerifier;
import eu.bus.audit.CheckpointRevocation;
import eu.bus.audit.UntrustedCrlException;
import eu.bus.keys.Pem;
import eu.bus.witness.CosignerKey;
import eu.bus.witness.WitnessKeys;
import eu.bus.witness.WitnessPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What an audit log is verified with: the CA, its CRL, and the witnesses whose cosignatures it needs. Shared by
 * {@code bus audit verify} and the commands that verify a log before they use it ({@code bus audit replay}).
 */
final class LogCheckOptions {

    @Option(names = "--ca", required = true, paramLabel = "CA_PEM", description = "The bus CA certificate (PEM).")
    Path caFile;

    @Option(names = "--crl", paramLabel = "CRL_PEM",
            description = "The bus CA's CRL (PEM): checkpoints signed with a revoked key are refused (docs/AUDIT.md). "
                    + "Default: crl.pem beside the CA file, if there is one.")
    Path crlFile;

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

    /** The verifier of the log in {@code dir}, with the CA, the CRL and the witness policy these options give. */
    AuditVerifier verifier(Path dir) throws UntrustedCrlException {
        X509Certificate ca = AuditCommand.Subcommand.ca(caFile);
        return new AuditVerifier(dir, ca, revocation(ca), witnessPolicy());
    }

    /** A line saying that revocation is not checked (no CRL given or beside the CA), and how to check it. */
    Optional<String> revocationNote() {
        if (crlFile != null || Files.exists(caFile.resolveSibling("crl.pem"))) {
            return Optional.empty();
        }
        return Optional.of("revocation was not checked: no --crl given and no crl.pem beside " + caFile
                + "; pass --crl FILE with the bus CA's CRL (crl.pem of the PKI) to refuse checkpoints signed with revoked keys");
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
}
