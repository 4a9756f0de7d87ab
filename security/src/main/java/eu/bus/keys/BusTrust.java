package eu.bus.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;

/**
 * Trust decisions against the bus CA and the agencies' CAs the bus trusts too (trust anchors, DIR/anchors,
 * brought in by {@code bus keys import}), each with its own CRL. The expensive part of validation (the CA's
 * signature on the certificate) is done once per certificate and cached; validity dates, revocation and key
 * usage are checked on every call because they depend on the instant and on the current CRL, and are cheap.
 */
public final class BusTrust {

    /** Bounds the cache: a flood of distinct (bogus) certificates must not grow memory without limit. */
    private static final int MAX_CACHED = 10_000;
    private static final System.Logger LOG = System.getLogger(BusTrust.class.getName());

    private final TrustAnchor busCa;
    private final String pkiDirHint;
    /** Which anchor's signature was verified on each certificate. */
    private final Map<X509Certificate, TrustAnchor> chainVerified = new ConcurrentHashMap<>();
    /** The agencies' CAs by subject; replaced as a whole when DIR/anchors changes. */
    private volatile Map<X500Principal, TrustAnchor> anchors = Map.of();
    /** The anchors directory to follow (set by {@link #load}); null when the trust was built in memory. */
    private volatile Path anchorsDir;
    private volatile DirVersion anchorsSeen;

    /** One state of the anchors directory: adding, replacing or removing a file (by rename) changes its time. */
    private record DirVersion(FileTime modified, Object key) {
        static DirVersion of(Path dir) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class);
                return new DirVersion(attributes.lastModifiedTime(), attributes.fileKey());
            } catch (IOException e) {
                return null;
            }
        }
    }

    public BusTrust(X509Certificate ca, X509CRL crl, String pkiDirHint) {
        // what the bus keys hints below name the PKI with ("--workdir DIR" for DIR/pki)
        this.pkiDirHint = pkiDirHint == null ? "--workdir DIR" : KeysHint.option(Path.of(pkiDirHint));
        this.busCa = new TrustAnchor(ca, crl, null, this.pkiDirHint);
    }

    private BusTrust(TrustAnchor busCa, String pkiDirHint) {
        this.busCa = busCa;
        this.pkiDirHint = pkiDirHint;
    }

    /**
     * Trust from a PKI directory: the bus CA and every trust anchor under DIR/anchors. The CRL files and the anchors
     * directory are followed: a revocation, a reissued CRL ({@code bus keys revoke|crl|import-crl}) or an imported
     * anchor takes effect in a running process at its next validation, without a restart.
     */
    public static BusTrust load(Path pkiDir) {
        PkiLayout layout = new PkiLayout(pkiDir);
        String hint = KeysHint.option(pkiDir);
        BusTrust trust = new BusTrust(TrustAnchor.load(layout.caCertificate(), layout.crl(), null, hint), hint);
        trust.anchorsDir = layout.anchors();
        trust.followAnchors();
        return trust;
    }

    /** This trust with {@code ca} and its CRL as one more anchor, not followed (what {@code bus keys import} checks against). */
    BusTrust withAnchor(String name, X509Certificate ca, X509CRL crl) {
        BusTrust candidate = new BusTrust(busCa, pkiDirHint);
        Map<X500Principal, TrustAnchor> next = new HashMap<>(currentAnchors());
        next.put(ca.getSubjectX500Principal(), new TrustAnchor(ca, crl, name, pkiDirHint));
        candidate.anchors = Map.copyOf(next);
        return candidate;
    }

    /** The trust anchor whose certificate is {@code ca}, if this trust has it (the bus CA is not one). */
    TrustAnchor anchorOf(X509Certificate ca) {
        TrustAnchor anchor = currentAnchors().get(ca.getSubjectX500Principal());
        return anchor != null && anchor.certificate().equals(ca) ? anchor : null;
    }

    /** The certificate of the CA (bus CA or anchor) that issued {@code certificate}; throws as {@link #validate} if none. */
    X509Certificate issuerOf(X509Certificate certificate, KeyPurpose purpose) {
        return verifyChain(certificate, purpose).certificate();
    }

    public X509Certificate caCertificate() {
        return busCa.certificate();
    }

    /** The bus CA's CRL in use. */
    public X509CRL crl() {
        return busCa.crl();
    }

    /** How many certificates have their CA signature cached (DevPkiTest checks that validation caches). */
    int cachedChains() {
        return chainVerified.size();
    }

    /** Replaces the bus CA's CRL (see {@link TrustAnchor#updateCrl}: signed by the bus CA, and newer). */
    public void updateCrl(X509CRL next) {
        busCa.updateCrl(next);
    }

    private Map<X500Principal, TrustAnchor> currentAnchors() {
        followAnchors();
        return anchors;
    }

    /**
     * Reloads the anchors when the directory changed (one stat per validation). Anchors whose files are unchanged
     * keep their state (the CRL number in use), so a rollback of their CRL is still refused. An anchor that cannot be
     * loaded, or has no CRL, is left out and logged: its certificates are refused (fail closed), not accepted unchecked.
     */
    private void followAnchors() {
        Path dir = anchorsDir;
        if (dir == null) {
            return;
        }
        DirVersion version = DirVersion.of(dir);
        if (java.util.Objects.equals(version, anchorsSeen)) {
            return;
        }
        synchronized (this) {
            if (java.util.Objects.equals(version, anchorsSeen)) {
                return;
            }
            anchorsSeen = version;
            Map<X500Principal, TrustAnchor> next = new HashMap<>();
            if (version != null) {
                try {
                    for (Path file : new PkiLayout(dir.getParent()).anchorCertificates()) {
                        loadAnchor(file, PkiLayout.anchorName(file), next);
                    }
                } catch (java.io.UncheckedIOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot list the trust anchors in " + dir + " (" + e.getMessage()
                            + "); the certificates of agencies' CAs are refused until it can be read");
                }
            }
            anchors = Map.copyOf(next);
        }
    }

    private void loadAnchor(Path file, String name, Map<X500Principal, TrustAnchor> into) {
        try {
            X509Certificate ca = Pem.readCertificate(file);
            TrustAnchor known = anchors.get(ca.getSubjectX500Principal());
            if (known != null && known.certificate().equals(ca)) {
                into.put(ca.getSubjectX500Principal(), known);
                return;
            }
            Path crl = PkiLayout.anchorCrl(file);
            if (!Files.exists(crl)) {
                throw new IllegalArgumentException("it has no CRL " + crl + ", so the revocation of its certificates could not"
                        + " be seen; install the agency's CRL with 'bus keys import-crl FILE " + pkiDirHint + "'");
            }
            into.put(ca.getSubjectX500Principal(), TrustAnchor.load(file, crl, name, pkiDirHint));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "not trusting the anchor " + file + ": " + e.getMessage()
                    + " (the certificates it issued are refused)");
        }
    }

    /**
     * Validates {@code certificate} for {@code purpose} at {@code at}: issued by the bus CA or a trust anchor
     * (cached), inside its validity, not revoked on that CA's CRL, key usage fits. Throws the
     * {@link CertificateRejectedException} subclass that names the failed check.
     */
    public void validate(X509Certificate certificate, KeyPurpose purpose, Instant at) {
        // Per-message path: only comparisons and lookups; descriptions are built only when a check fails.
        TrustAnchor issuer = verifyChain(certificate, purpose);
        issuer.followCrlFile();
        checkValidity(issuer, null, null, at);
        checkValidity(issuer, certificate, purpose, at);
        issuer.checkNotRevoked(certificate, purpose, at);
        checkKeyUsage(certificate, purpose);
    }

    private TrustAnchor verifyChain(X509Certificate certificate, KeyPurpose purpose) {
        X500Principal issuerName = certificate.getIssuerX500Principal();
        TrustAnchor candidate = issuerName.equals(busCa.certificate().getSubjectX500Principal()) ? busCa
                : currentAnchors().get(issuerName);
        TrustAnchor cached = chainVerified.get(certificate);
        if (cached != null && cached == candidate) {
            return cached;
        }
        String what = CertificateNames.describe(certificate, purpose);
        String node = CertificateNames.nodeIdOf(certificate);
        if (candidate == null) {
            throw new UntrustedCertificateException(what + " was issued by '" + issuerName + "', not by the bus CA '"
                    + busCa.certificate().getSubjectX500Principal() + "'" + (anchors.isEmpty() ? ""
                    : " nor by a trust anchor of the bus (" + anchors.size() + " in anchors/)")
                    + ": the node uses keys from another PKI or a damaged certificate; issue it keys from this bus CA ('bus keys"
                    + " rotate " + node + " " + pkiDirHint + "'), or, if its agency's CA is to be trusted, import that CA with"
                    + " 'bus keys import " + node + " --ca FILE --crl FILE ...'; else check that you trust the right CA file");
        }
        if (!candidate.signed(certificate)) {
            throw new UntrustedCertificateException(what + " does not carry a valid signature of "
                    + candidate.description() + ": the node uses keys from another PKI or a damaged certificate; "
                    + candidate.renewalAdvice(node) + ", or check that you trust the right CA file");
        }
        if (chainVerified.size() >= MAX_CACHED) {
            chainVerified.clear();
        }
        chainVerified.put(certificate, candidate);
        return candidate;
    }

    /** {@code certificate == null} means the issuing CA's certificate itself. */
    private void checkValidity(TrustAnchor issuer, X509Certificate certificate, KeyPurpose purpose, Instant at) {
        X509Certificate checked = certificate == null ? issuer.certificate() : certificate;
        boolean expired = at.isAfter(checked.getNotAfter().toInstant());
        boolean early = at.isBefore(checked.getNotBefore().toInstant());
        if (!expired && !early) {
            return;
        }
        String what = certificate == null ? (issuer.isBusCa() ? "the bus CA certificate" : "the certificate of " + issuer.description())
                : CertificateNames.describe(certificate, purpose);
        if (expired) {
            String advice = certificate == null
                    ? (issuer.isBusCa() ? "replace the bus CA (dev: create a new PKI with 'bus keys init')"
                    : "the agency must renew its CA; import the new one with 'bus keys import ... --ca FILE --crl FILE'")
                    : (issuer.isBusCa() ? "run 'bus keys rotate " + CertificateNames.nodeIdOf(certificate) + " " + pkiDirHint
                    + "' to issue a new one"
                    : issuer.renewalAdvice(CertificateNames.nodeIdOf(certificate)));
            throw new CertificateExpiredException(what + " expired on " + checked.getNotAfter().toInstant()
                    + " (checked at " + at + "): " + advice);
        }
        throw new CertificateNotYetValidException(what + " is valid only from " + checked.getNotBefore().toInstant()
                + " (checked at " + at + "): check the clocks of both nodes");
    }

    private static void checkKeyUsage(X509Certificate certificate, KeyPurpose purpose) {
        if (!purpose.allowedBy(certificate)) {
            throw new WrongKeyUsageException("the certificate of '" + CertificateNames.nodeIdOf(certificate) + "' (serial "
                    + certificate.getSerialNumber().toString(16) + ") is used as a " + purpose.label
                    + " certificate but does not allow " + (purpose == KeyPurpose.SIGNING ? "digital signatures" : "key agreement")
                    + ": the node has swapped its signing and encryption certificates; check its configuration");
        }
    }
}
