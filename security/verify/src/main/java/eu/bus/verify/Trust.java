package eu.bus.verify;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What the auditor trusts: the bus CA certificate and, if given, its CRL. Says whether a certificate in a
 * checkpoint is the CA's, names a node, may sign, and was valid and not revoked (in a way that voids the
 * checkpoint) at the time the checkpoint was signed, as far as the verifier can tell.
 */
final class Trust {

    /** Reasons that retire a key without suggesting that anyone else held it. */
    private static final Set<CRLReason> RETIRED = EnumSet.of(CRLReason.SUPERSEDED, CRLReason.CESSATION_OF_OPERATION,
            CRLReason.AFFILIATION_CHANGED);

    private final X509Certificate ca;
    private final X509CRL crl;
    private final Map<String, X509Certificate> issued = new HashMap<>();

    Trust(X509Certificate ca, X509CRL crl) throws GeneralSecurityException {
        this.ca = ca;
        this.crl = crl;
        if (crl != null) {
            if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                throw new GeneralSecurityException("the CRL is issued by '" + crl.getIssuerX500Principal() + "', not by the CA '"
                        + ca.getSubjectX500Principal() + "'");
            }
            crl.verify(ca.getPublicKey());
        }
    }

    boolean checksRevocation() {
        return crl != null;
    }

    String describe() {
        return crl == null ? "revocation NOT checked (no CRL given)" : "revocation checked against the CRL issued " + crl.getThisUpdate().toInstant();
    }

    /** A certificate (base64 DER) the CA issued for signing; cached, as a log repeats the same one. */
    X509Certificate signingCertificate(String base64) throws Invalid {
        X509Certificate known = issued.get(base64);
        if (known != null) {
            return known;
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(java.util.Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Invalid("its certificate cannot be read: " + e.getMessage());
        }
        try {
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new Invalid("its certificate (" + certificate.getSubjectX500Principal().getName() + ") is not issued by the given CA");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && !usage[0]) {
            throw new Invalid("its certificate (" + certificate.getSubjectX500Principal().getName()
                    + ") does not allow digital signatures: it is not a signing certificate");
        }
        issued.put(base64, certificate);
        return certificate;
    }

    static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    /**
     * @param at        when the checkpoint was signed as far as the verifier can tell
     * @param witnessed whether {@code at} is when witnesses first cosigned it (which the key's holder cannot choose)
     *                  rather than the time the signer claims
     */
    void checkStanding(X509Certificate certificate, Instant at, boolean witnessed) throws Invalid {
        try {
            certificate.checkValidity(Date.from(at));
        } catch (GeneralSecurityException e) {
            throw new Invalid("its signer's certificate was not valid at " + at);
        }
        X509CRLEntry entry = crl == null ? null : crl.getRevokedCertificate(certificate);
        if (entry == null) {
            return;
        }
        Instant revoked = entry.getRevocationDate().toInstant();
        CRLReason reason = entry.getRevocationReason();
        String what = "its signing certificate (" + commonName(certificate) + ", serial " + certificate.getSerialNumber().toString(16)
                + ") was revoked on " + revoked + " (reason " + (reason == null ? "not given" : reason) + ")";
        if (witnessed || RETIRED.contains(reason)) {
            if (!at.isBefore(revoked)) {
                throw new Invalid(what + (witnessed ? " and witnesses first cosigned the checkpoint at " : " and the checkpoint is dated ")
                        + at + ", at or after that");
            }
            return;
        }
        throw new Invalid(what + ": whoever may hold that key can sign a checkpoint with any time, so none signed with it"
                + " is trusted unless witnesses cosigned it before the revocation");
    }

    /** A checkpoint that fails a check, with why. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
