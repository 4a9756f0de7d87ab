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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Trust decisions against the bus CA and its CRL. The expensive part of validation (the CA's signature on
 * the certificate, the chain) is done once per certificate and cached; validity dates, revocation and key
 * usage are checked on every call because they depend on the instant and on the current CRL, and are cheap.
 */
public final class BusTrust {

    /** Bounds the cache: a flood of distinct (bogus) certificates must not grow memory without limit. */
    private static final int MAX_CACHED = 10_000;
    private static final System.Logger LOG = System.getLogger(BusTrust.class.getName());

    private final X509Certificate ca;
    private final PublicKey caKey;
    private final String pkiDirHint;
    private final Map<X509Certificate, Boolean> chainVerified = new ConcurrentHashMap<>();
    private volatile X509CRL crl;
    private volatile BigInteger crlNumber;
    /** The CRL file to follow (set by {@link #load}); null when the CRL was given directly. */
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

    public BusTrust(X509Certificate ca, X509CRL crl, String pkiDirHint) {
        this.ca = ca;
        this.caKey = ca.getPublicKey();
        // what the bus keys hints below name the PKI with ("--workdir DIR" for DIR/pki)
        this.pkiDirHint = pkiDirHint == null ? "--workdir DIR" : KeysHint.option(Path.of(pkiDirHint));
        updateCrl(crl);
    }

    /**
     * Trust from a PKI directory. The CRL file is followed: a revocation or a reissued CRL
     * ({@code bus keys revoke|crl}) takes effect in a running process at its next validation, without a restart.
     */
    public static BusTrust load(Path pkiDir) {
        PkiLayout layout = new PkiLayout(pkiDir);
        FileVersion seen = FileVersion.of(layout.crl());
        BusTrust trust = new BusTrust(Pem.readCertificate(layout.caCertificate()), Pem.readCrl(layout.crl()), pkiDir.toString());
        trust.crlFile = layout.crl();
        trust.crlSeen = seen;
        return trust;
    }

    /**
     * Re-reads the CRL file if it changed (one file-attribute lookup, a few microseconds, per validation). Each state
     * of the file is judged once: a refused CRL is logged once and the previous one kept until the file changes again.
     */
    private void followCrlFile() {
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

    public X509Certificate caCertificate() {
        return ca;
    }

    public X509CRL crl() {
        return crl;
    }

    /** How many certificates have their CA signature cached (DevPkiTest checks that validation caches). */
    int cachedChains() {
        return chainVerified.size();
    }

    /**
     * Replaces the CRL (e.g. after a revocation). Refuses one the bus CA did not sign, and one that is not newer than
     * the CRL in use ({@link CrlRollbackException}): an older CRL is still validly signed and would un-revoke what was
     * revoked since. The CRL in use again is a no-op.
     */
    public synchronized void updateCrl(X509CRL next) {
        try {
            if (!next.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                throw new GeneralSecurityException("issuer " + next.getIssuerX500Principal());
            }
            next.verify(caKey, Providers.bouncyCastle());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CRL is not signed by the bus CA " + ca.getSubjectX500Principal()
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
                        + "install the current CRL (dev: 'bus keys crl " + pkiDirHint + "' issues a newer one)");
            }
            if (order == 0) {
                throw new CrlRollbackException("the CRL has number " + number + ", the same as the CRL in use, but other "
                        + "content: the CA issued two different CRLs under one number or the file was altered; ask the CA "
                        + "for a CRL with a higher number (dev: 'bus keys crl " + pkiDirHint + "')");
            }
        }
        this.crl = next;
        this.crlNumber = number;
    }

    private BigInteger numberOf(X509CRL candidate) {
        byte[] extension = candidate.getExtensionValue(Extension.cRLNumber.getId());
        if (extension == null) {
            throw new CrlRollbackException("the CRL has no CRL number (extension " + Extension.cRLNumber.getId()
                    + "), so it cannot be told apart from an older one: the bus requires numbered CRLs (dev: 'bus keys crl "
                    + pkiDirHint + "' issues one)");
        }
        try {
            return CRLNumber.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getCRLNumber();
        } catch (RuntimeException e) {
            throw new CrlRollbackException("the CRL number of the CRL is unreadable (" + e.getMessage()
                    + "): the CRL is damaged; install the current CRL of the bus CA");
        }
    }

    /**
     * Validates {@code certificate} for {@code purpose} at {@code at}: issued by the bus CA (cached), inside its
     * validity, not revoked, key usage fits. Throws the {@link CertificateRejectedException} subclass that names
     * the failed check.
     */
    public void validate(X509Certificate certificate, KeyPurpose purpose, Instant at) {
        followCrlFile();
        // Per-message path: only comparisons and lookups; descriptions are built only when a check fails.
        verifyChain(certificate, purpose);
        checkValidity(ca, null, at);
        checkValidity(certificate, purpose, at);
        checkNotRevoked(certificate, purpose, at);
        checkKeyUsage(certificate, purpose);
    }

    private void verifyChain(X509Certificate certificate, KeyPurpose purpose) {
        if (chainVerified.containsKey(certificate)) {
            return;
        }
        String what = CertificateNames.describe(certificate, purpose);
        String node = CertificateNames.nodeIdOf(certificate);
        String advice = ": the node uses keys from another PKI or a damaged certificate; issue it keys from this bus CA "
                + "('bus keys rotate " + node + " " + pkiDirHint + "') or check that you trust the right CA file";
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new UntrustedCertificateException(what + " was issued by '" + certificate.getIssuerX500Principal()
                    + "', not by the bus CA '" + ca.getSubjectX500Principal() + "'" + advice);
        }
        try {
            certificate.verify(caKey, Providers.bouncyCastle());
        } catch (GeneralSecurityException e) {
            throw new UntrustedCertificateException(what + " does not carry a valid signature of the bus CA '"
                    + ca.getSubjectX500Principal() + "'" + advice, e);
        }
        if (chainVerified.size() >= MAX_CACHED) {
            chainVerified.clear();
        }
        chainVerified.put(certificate, Boolean.TRUE);
    }

    /** {@code purpose == null} means the CA certificate itself. */
    private void checkValidity(X509Certificate certificate, KeyPurpose purpose, Instant at) {
        boolean expired = at.isAfter(certificate.getNotAfter().toInstant());
        boolean early = at.isBefore(certificate.getNotBefore().toInstant());
        if (!expired && !early) {
            return;
        }
        String what = purpose == null ? "the bus CA certificate" : CertificateNames.describe(certificate, purpose);
        if (expired) {
            String advice = purpose == null ? "replace the bus CA (dev: create a new PKI with 'bus keys init')"
                    : "run 'bus keys rotate " + CertificateNames.nodeIdOf(certificate) + " " + pkiDirHint + "' to issue a new one";
            throw new CertificateExpiredException(what + " expired on " + certificate.getNotAfter().toInstant()
                    + " (checked at " + at + "): " + advice);
        }
        throw new CertificateNotYetValidException(what + " is valid only from " + certificate.getNotBefore().toInstant()
                + " (checked at " + at + "): check the clocks of both nodes");
    }

    private void checkNotRevoked(X509Certificate certificate, KeyPurpose purpose, Instant at) {
        X509CRL current = crl;
        if (current.getNextUpdate() != null && at.isAfter(current.getNextUpdate().toInstant())) {
            throw new RevocationStatusUnknownException("the bus CRL was due to be replaced on "
                    + current.getNextUpdate().toInstant() + ", so it cannot tell whether " + CertificateNames.describe(certificate, purpose)
                    + " is revoked: install the current CRL (dev: 'bus keys crl " + pkiDirHint + "' reissues it)");
        }
        BigInteger serial = certificate.getSerialNumber();
        X509CRLEntry entry = current.getRevokedCertificate(serial);
        if (entry != null) {
            String what = CertificateNames.describe(certificate, purpose);
            String node = CertificateNames.nodeIdOf(certificate);
            String reason = entry.getRevocationReason() == null ? "unspecified" : entry.getRevocationReason().name();
            throw new CertificateRevokedException(what + " was revoked on " + entry.getRevocationDate().toInstant()
                    + " (reason " + reason + "): messages under this key are refused; if '" + node
                    + "' still needs to send, give it new keys with 'bus keys rotate " + node + " " + pkiDirHint + "'");
        }
    }

    private static void checkKeyUsage(X509Certificate certificate, KeyPurpose purpose) {
        boolean[] usage = certificate.getKeyUsage();
        int bits = 0;
        if (usage != null) {
            // java.security order: digitalSignature(0) ... decipherOnly(8); BC KeyUsage flags put bit 0 at 1 << 7.
            for (int i = 0; i < usage.length && i < 9; i++) {
                if (usage[i]) {
                    bits |= i < 8 ? (1 << (7 - i)) : (1 << 15);
                }
            }
        }
        if (usage == null || (bits & purpose.requiredUsage) != purpose.requiredUsage) {
            throw new WrongKeyUsageException("the certificate of '" + CertificateNames.nodeIdOf(certificate) + "' (serial "
                    + certificate.getSerialNumber().toString(16) + ") is used as a " + purpose.label
                    + " certificate but does not allow " + (purpose == KeyPurpose.SIGNING ? "digital signatures" : "key agreement")
                    + ": the node has swapped its signing and encryption certificates; check its configuration");
        }
    }
}
