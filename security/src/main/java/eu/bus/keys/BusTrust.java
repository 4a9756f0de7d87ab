package eu.bus.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /** The CRL file to follow (set by {@link #load}); null when the CRL was given directly. */
    private volatile Path crlFile;
    private volatile FileTime crlSeen;

    public BusTrust(X509Certificate ca, X509CRL crl, String pkiDirHint) {
        this.ca = ca;
        this.caKey = ca.getPublicKey();
        this.pkiDirHint = pkiDirHint == null ? "DIR" : pkiDirHint;
        updateCrl(crl);
    }

    /**
     * Trust from a PKI directory. The CRL file is followed: a revocation or a reissued CRL
     * ({@code bus keys revoke|crl}) takes effect in a running process at its next validation, without a restart.
     */
    public static BusTrust load(Path pkiDir) {
        PkiLayout layout = new PkiLayout(pkiDir);
        FileTime seen = modified(layout.crl());
        BusTrust trust = new BusTrust(Pem.readCertificate(layout.caCertificate()), Pem.readCrl(layout.crl()), pkiDir.toString());
        trust.crlFile = layout.crl();
        trust.crlSeen = seen;
        return trust;
    }

    /** Re-reads the CRL file if it changed (one file-time lookup, a few microseconds, per validation). */
    private void followCrlFile() {
        Path file = crlFile;
        if (file == null) {
            return;
        }
        FileTime modified = modified(file);
        if (modified == null || modified.equals(crlSeen)) {
            return;
        }
        synchronized (this) {
            if (modified.equals(crlSeen)) {
                return;
            }
            try {
                updateCrl(Pem.readCrl(file));
                crlSeen = modified;
            } catch (RuntimeException e) {
                // Keep the previous CRL (signed, maybe still current); the next check tries again.
                LOG.log(System.Logger.Level.WARNING, "cannot load the changed CRL " + file + " (" + e.getMessage()
                        + "); keeping the previous one");
            }
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
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

    /** Replaces the CRL (e.g. after a revocation); refuses one the bus CA did not sign. */
    public void updateCrl(X509CRL next) {
        try {
            if (!next.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                throw new GeneralSecurityException("issuer " + next.getIssuerX500Principal());
            }
            next.verify(caKey, Providers.bouncyCastle());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CRL is not signed by the bus CA " + ca.getSubjectX500Principal()
                    + " (" + e.getMessage() + "): fetch the CRL that belongs to this CA", e);
        }
        this.crl = next;
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
                + "('bus keys rotate " + node + " --dir " + pkiDirHint + "') or check that you trust the right CA file";
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
                    : "run 'bus keys rotate " + CertificateNames.nodeIdOf(certificate) + " --dir " + pkiDirHint + "' to issue a new one";
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
                    + " is revoked: install the current CRL (dev: 'bus keys crl --dir " + pkiDirHint + "' reissues it)");
        }
        BigInteger serial = certificate.getSerialNumber();
        X509CRLEntry entry = current.getRevokedCertificate(serial);
        if (entry != null) {
            String what = CertificateNames.describe(certificate, purpose);
            String node = CertificateNames.nodeIdOf(certificate);
            String reason = entry.getRevocationReason() == null ? "unspecified" : entry.getRevocationReason().name();
            throw new CertificateRevokedException(what + " was revoked on " + entry.getRevocationDate().toInstant()
                    + " (reason " + reason + "): messages under this key are refused; if '" + node
                    + "' still needs to send, give it new keys with 'bus keys rotate " + node + " --dir " + pkiDirHint + "'");
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
