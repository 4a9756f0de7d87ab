package eu.bus.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;

/**
 * One CA whose certificates the bus trusts, with the CRL that says which of them are revoked: the bus CA
 * ({@code ca.pem}, {@code crl.pem}) or an agency's CA brought in by {@code bus keys import}
 * ({@code anchors/NAME.pem}, {@code anchors/NAME.crl.pem}). A CRL loaded from a file is followed: a changed
 * file takes effect at the next validation, without a restart. The advice in the messages differs: the bus
 * CA's certificates are renewed here ({@code bus keys rotate}), an agency's by the agency (then imported).
 */
final class TrustAnchor {

    /** BusTrust's logger: a refused CRL is a trust decision, and logging configurations name that logger. */
    private static final System.Logger LOG = System.getLogger(BusTrust.class.getName());

    private final X509Certificate ca;
    private final PublicKey caKey;
    /** Null for the bus CA; the anchor file's name stem (e.g. "EUROPOL-CA") for an agency's CA. */
    private final String anchorName;
    /** What the bus keys hints name the PKI with ("--workdir DIR" for DIR/pki). */
    private final String pkiDirHint;
    private volatile X509CRL crl;
    private volatile BigInteger crlNumber;
    /** The CRL file to follow; null when the CRL was given directly. */
    private volatile Path crlFile;
    private volatile FileVersion crlSeen;

    /** What identifies one state of the CRL file without reading it: a partial write differs in size if not in time. */
    private record FileVersion(FileTime modified, long size) {
        static FileVersion of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileVersion(attributes.lastModifiedTime(), attributes.size());
            } catch (IOException e) {
                return null;
            }
        }
    }

    TrustAnchor(X509Certificate ca, X509CRL crl, String anchorName, String pkiDirHint) {
        this.ca = ca;
        this.caKey = ca.getPublicKey();
        this.anchorName = anchorName;
        this.pkiDirHint = pkiDirHint;
        updateCrl(crl);
    }

    /** The anchor of {@code caFile} with the CRL of {@code crlFile}, which it follows from then on. */
    static TrustAnchor load(Path caFile, Path crlFile, String anchorName, String pkiDirHint) {
        FileVersion seen = FileVersion.of(crlFile);
        TrustAnchor anchor = new TrustAnchor(Pem.readCertificate(caFile), Pem.readCrl(crlFile), anchorName, pkiDirHint);
        anchor.crlFile = crlFile;
        anchor.crlSeen = seen;
        return anchor;
    }

    X509Certificate certificate() {
        return ca;
    }

    X509CRL crl() {
        return crl;
    }

    /** The anchor file's name stem; null for the bus CA. */
    String name() {
        return anchorName;
    }

    boolean isBusCa() {
        return anchorName == null;
    }

    /** "the bus CA 'CN=...'" or "the trust anchor 'CN=...' (anchors/NAME.pem)". */
    String description() {
        return (isBusCa() ? "the bus CA '" : "the trust anchor '") + ca.getSubjectX500Principal() + "'"
                + (isBusCa() ? "" : " (anchors/" + anchorName + ".pem)");
    }

    /** True if this CA's key signed {@code certificate}. */
    boolean signed(X509Certificate certificate) {
        try {
            certificate.verify(caKey, Providers.bouncyCastle());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Re-reads the CRL file if it changed (one file-attribute lookup, a few microseconds, per validation). Each state
     * of the file is judged once: a refused CRL is logged once and the previous one kept until the file changes again.
     */
    void followCrlFile() {
        Path file = crlFile;
        if (file == null) {
            return;
        }
        FileVersion version = FileVersion.of(file);
        if (version == null || version.equals(crlSeen)) {
            return;
        }
        synchronized (this) {
            if (version.equals(crlSeen)) {
                return;
            }
            crlSeen = version;
            try {
                updateCrl(Pem.readCrl(file));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "refusing the changed CRL " + file + " and keeping CRL number "
                        + crlNumber + ": " + e.getMessage());
            }
        }
    }

    /**
     * Replaces the CRL. Refuses one this CA did not sign, and one that is not newer than the CRL in use
     * ({@link CrlRollbackException}): an older CRL is still validly signed and would un-revoke what was revoked
     * since. The CRL in use again is a no-op.
     */
    synchronized void updateCrl(X509CRL next) {
        try {
            if (!next.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                throw new GeneralSecurityException("issuer " + next.getIssuerX500Principal());
            }
            next.verify(caKey, Providers.bouncyCastle());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CRL is not signed by " + description()
                    + " (" + e.getMessage() + "): fetch the CRL that belongs to this CA", e);
        }
        BigInteger number = numberOf(next);
        X509CRL current = crl;
        if (current != null) {
            int order = number.compareTo(crlNumber);
            if (order == 0 && current.equals(next)) {
                return;
            }
            if (order < 0) {
                throw new CrlRollbackException("the CRL has number " + number + ", lower than the CRL in use (number "
                        + crlNumber + "): it is an older CRL, and installing it would un-revoke certificates revoked since; "
                        + "install the current CRL (" + newerCrlAdvice() + ")");
            }
            if (order == 0) {
                throw new CrlRollbackException("the CRL has number " + number + ", the same as the CRL in use, but other "
                        + "content: the CA issued two different CRLs under one number or the file was altered; ask the CA "
                        + "for a CRL with a higher number (" + newerCrlAdvice() + ")");
            }
        }
        this.crl = next;
        this.crlNumber = number;
    }

    private String newerCrlAdvice() {
        return isBusCa() ? "dev: 'bus keys crl " + pkiDirHint + "' issues a newer one"
                : "ask the agency for its current CRL and install it with 'bus keys import-crl FILE " + pkiDirHint + "'";
    }

    private BigInteger numberOf(X509CRL candidate) {
        byte[] extension = candidate.getExtensionValue(Extension.cRLNumber.getId());
        if (extension == null) {
            throw new CrlRollbackException("the CRL has no CRL number (extension " + Extension.cRLNumber.getId()
                    + "), so it cannot be told apart from an older one: the bus requires numbered CRLs ("
                    + (isBusCa() ? "dev: 'bus keys crl " + pkiDirHint + "' issues one" : "ask the agency's CA operator for one") + ")");
        }
        try {
            return CRLNumber.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getCRLNumber();
        } catch (RuntimeException e) {
            throw new CrlRollbackException("the CRL number of the CRL is unreadable (" + e.getMessage()
                    + "): the CRL is damaged; install the current CRL of " + description());
        }
    }

    /** Throws unless this CA's current CRL is in force at {@code at} and does not list {@code certificate}. */
    void checkNotRevoked(X509Certificate certificate, KeyPurpose purpose, Instant at) {
        X509CRL current = crl;
        if (current.getNextUpdate() != null && at.isAfter(current.getNextUpdate().toInstant())) {
            throw new RevocationStatusUnknownException((isBusCa() ? "the bus CRL" : "the CRL of " + description())
                    + " was due to be replaced on " + current.getNextUpdate().toInstant() + ", so it cannot tell whether "
                    + CertificateNames.describe(certificate, purpose) + " is revoked: install the current CRL ("
                    + (isBusCa() ? "dev: 'bus keys crl " + pkiDirHint + "' reissues it"
                    : "the agency publishes it; 'bus keys import-crl FILE " + pkiDirHint + "' installs it") + ")");
        }
        X509CRLEntry entry = current.getRevokedCertificate(certificate.getSerialNumber());
        if (entry != null) {
            String node = CertificateNames.nodeIdOf(certificate);
            String reason = entry.getRevocationReason() == null ? "unspecified" : entry.getRevocationReason().name();
            throw new CertificateRevokedException(CertificateNames.describe(certificate, purpose) + " was revoked on "
                    + entry.getRevocationDate().toInstant() + " (reason " + reason + "): messages under this key are refused; if '"
                    + node + "' still needs to send, " + renewalAdvice(node));
        }
    }

    /** What gives {@code node} a new certificate from this CA. */
    String renewalAdvice(String node) {
        return isBusCa() ? "give it new keys with 'bus keys rotate " + node + " " + pkiDirHint + "'"
                : "its agency issues it new certificates from " + description() + ", imported with 'bus keys import "
                + node + " --replace --signing-cert FILE --encryption-cert FILE " + pkiDirHint + "'";
    }
}
