package eu.bus.sites;

import eu.bus.witness.CosignerKey;
import eu.bus.witness.WitnessKeys;
import eu.bus.witness.WitnessPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import eu.bus.audit.AuditVerifier;
import eu.bus.audit.CheckpointRevocation;
import eu.bus.audit.RecordReader;
import eu.bus.audit.UntrustedCrlException;
import eu.bus.audit.VerificationReport;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * Verifies a node's audit log as an auditor does: against the bus CA certificate, its CRL and the witness keys the
 * PKI publishes, requiring a number of witnesses' cosignatures on the latest checkpoint.
 */
public final class AuditLogCheck {

    private final X509Certificate ca;
    private final CheckpointRevocation revocation;
    private final WitnessPolicy witnesses;

    private AuditLogCheck(X509Certificate ca, CheckpointRevocation revocation, WitnessPolicy witnesses) {
        this.ca = ca;
        this.revocation = revocation;
        this.witnesses = witnesses;
    }

    /**
     * @param witnesses how many of the witnesses the PKI publishes must have cosigned each log's latest checkpoint
     * @throws UntrustedCrlException when the PKI's CRL is not its CA's
     */
    public static AuditLogCheck against(Path pkiDir, int witnesses) throws UntrustedCrlException {
        PkiLayout pki = new PkiLayout(pkiDir);
        X509Certificate ca = Pem.readCertificate(pki.caCertificate());
        List<CosignerKey> keys;
        try {
            keys = Files.isDirectory(WitnessKeys.published(pkiDir)) ? WitnessKeys.read(WitnessKeys.published(pkiDir)) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the witness keys in " + WitnessKeys.published(pkiDir), e);
        }
        return new AuditLogCheck(ca, CheckpointRevocation.against(Pem.readCrl(pki.crl()), ca, pki.crl().toString()),
                new WitnessPolicy(keys, witnesses, List.of()));
    }

    public VerificationReport verify(Path auditDir) {
        return new AuditVerifier(auditDir, ca, revocation, witnesses).verify(RecordReader.Progress.NONE);
    }
}
