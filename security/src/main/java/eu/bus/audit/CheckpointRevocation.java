package eu.bus.audit;

import eu.bus.keys.CertificateNames;
import eu.bus.keys.Providers;
import java.security.GeneralSecurityException;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether the key that signed a checkpoint was revoked in a way that voids the checkpoint, judged with the CA's CRL.
 * A checkpoint's time is asserted by its own signer. So a key revoked as compromised (keyCompromise, cACompromise,
 * unspecified, no reason, or any reason not listed below) voids every checkpoint it signed, whatever time they claim:
 * whoever stole the key can back-date. A key retired in the ordinary way (superseded, cessationOfOperation,
 * affiliationChanged) was not in other hands, so only checkpoints dated at or after its revocation are refused.
 */
public final class CheckpointRevocation {

    /** Reasons that retire a key without suggesting it was stolen. */
    private static final Set<CRLReason> RETIRED = EnumSet.of(CRLReason.SUPERSEDED, CRLReason.CESSATION_OF_OPERATION,
            CRLReason.AFFILIATION_CHANGED);
    private static final CheckpointRevocation NOT_CHECKED = new CheckpointRevocation(null, null);

    private final X509CRL crl;
    private final String source;

    private CheckpointRevocation(X509CRL crl, String source) {
        this.crl = crl;
        this.source = source;
    }

    /** No CRL at hand: revocation is not checked, and the report says so. */
    public static CheckpointRevocation notChecked() {
        return NOT_CHECKED;
    }

    /**
     * Revocation checked against {@code crl}, which must be issued and signed by {@code ca}.
     *
     * @param source where the CRL came from (e.g. its file), named in the report and in errors
     */
    public static CheckpointRevocation against(X509CRL crl, X509Certificate ca, String source) throws UntrustedCrlException {
        if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new UntrustedCrlException("the CRL " + source + " is issued by '" + crl.getIssuerX500Principal()
                    + "', not by the given CA '" + ca.getSubjectX500Principal() + "': give the CRL of the CA that issued"
                    + " the log's certificates");
        }
        try {
            crl.verify(ca.getPublicKey(), Providers.bouncyCastle());
        } catch (GeneralSecurityException e) {
            throw new UntrustedCrlException("the CRL " + source + " does not carry a valid signature of the given CA '"
                    + ca.getSubjectX500Principal() + "' (" + e.getMessage() + "): it is damaged or forged; fetch the"
                    + " CA's current CRL");
        }
        return new CheckpointRevocation(crl, source);
    }

    public boolean checked() {
        return crl != null;
    }

    /** What the report says about revocation. */
    public String describe() {
        return crl == null ? "revocation NOT checked (no CRL given)"
                : "revocation checked against the CRL " + source + " issued " + crl.getThisUpdate().toInstant();
    }

    /**
     * @param signedAt when the checkpoint was signed as far as the verifier can tell: the time a witness first
     *                 cosigned it when {@code witnessed}, else the signer's own claim (which is why compromise
     *                 reasons then do not look at it: whoever stole the key can back-date, but cannot make a witness
     *                 have seen the checkpoint before the revocation)
     */
    void check(X509Certificate certificate, Instant signedAt, boolean witnessed) throws CheckpointInvalidException {
        X509CRLEntry entry = crl == null ? null : crl.getRevokedCertificate(certificate);
        if (entry == null) {
            return;
        }
        Instant revoked = entry.getRevocationDate().toInstant();
        CRLReason reason = entry.getRevocationReason();
        String what = "its signing certificate (" + CertificateNames.nodeIdOf(certificate) + ", serial "
                + certificate.getSerialNumber().toString(16) + ") was revoked on " + revoked + " (reason " + name(reason) + ")";
        if (witnessed) {
            if (!signedAt.isBefore(revoked)) {
                throw new CheckpointInvalidException(what + " and witnesses first cosigned the checkpoint at " + signedAt
                        + ", at or after that");
            }
            return;
        }
        if (!RETIRED.contains(reason)) {
            throw new CheckpointInvalidException(what + ": whoever may hold that key can sign a checkpoint with any"
                    + " time, so none signed with it is trusted, whatever time it claims (this one " + signedAt
                    + "), unless witnesses cosigned it before the revocation");
        }
        if (!signedAt.isBefore(revoked)) {
            throw new CheckpointInvalidException(what + " and the checkpoint is dated " + signedAt
                    + ", at or after that: it was signed with a retired key");
        }
    }

    /** RFC 5280 spelling. */
    private static String name(CRLReason reason) {
        if (reason == null) {
            return "not given";
        }
        return switch (reason) {
            case UNSPECIFIED -> "unspecified";
            case KEY_COMPROMISE -> "keyCompromise";
            case CA_COMPROMISE -> "cACompromise";
            case AFFILIATION_CHANGED -> "affiliationChanged";
            case SUPERSEDED -> "superseded";
            case CESSATION_OF_OPERATION -> "cessationOfOperation";
            case CERTIFICATE_HOLD -> "certificateHold";
            case UNUSED -> "unused";
            case REMOVE_FROM_CRL -> "removeFromCRL";
            case PRIVILEGE_WITHDRAWN -> "privilegeWithdrawn";
            case AA_COMPROMISE -> "aACompromise";
        };
    }
}
