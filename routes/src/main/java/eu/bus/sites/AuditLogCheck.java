package eu.bus.sites;

import eu.bus.audit.AuditVerifier;
import eu.bus.audit.CheckpointRevocation;
import eu.bus.audit.RecordReader;
import eu.bus.audit.UntrustedCrlException;
import eu.bus.audit.VerificationReport;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/** Verifies a node's audit log as an auditor does: against the bus CA certificate and its CRL alone. */
public final class AuditLogCheck {

    private final X509Certificate ca;
    private final CheckpointRevocation revocation;

    private AuditLogCheck(X509Certificate ca, CheckpointRevocation revocation) {
        this.ca = ca;
        this.revocation = revocation;
    }

    /** @throws UntrustedCrlException when the PKI's CRL is not its CA's */
    public static AuditLogCheck against(Path pkiDir) throws UntrustedCrlException {
        PkiLayout pki = new PkiLayout(pkiDir);
        X509Certificate ca = Pem.readCertificate(pki.caCertificate());
        return new AuditLogCheck(ca, CheckpointRevocation.against(Pem.readCrl(pki.crl()), ca, pki.crl().toString()));
    }

    public VerificationReport verify(Path auditDir) {
        return new AuditVerifier(auditDir, ca, revocation).verify(RecordReader.Progress.NONE);
    }
}
