package eu.bus.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Writes the trust anchors of a PKI (DIR/anchors): an agency's CA that {@code bus keys import --ca} brings in, and
 * the CRLs that {@code bus keys import-crl} installs for it. {@link BusTrust} reads and follows the directory.
 */
public final class TrustAnchorStore {

    private final PkiLayout layout;

    public TrustAnchorStore(Path pkiDir) {
        this.layout = new PkiLayout(pkiDir);
    }

    /**
     * Throws unless {@code ca} (read from {@code file}) can be a trust anchor at {@code at}: a CA certificate
     * (basicConstraints CA), allowed to sign certificates and CRLs if it restricts its key usage, valid now.
     */
    static void requireCa(X509Certificate ca, Path file, Instant at) {
        String what = file + " ('" + ca.getSubjectX500Principal() + "')";
        if (ca.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(what + " is not a CA certificate (no basicConstraints CA:TRUE): give with --ca"
                    + " the certificate of the CA that issued the node's certificates, not a node's certificate");
        }
        boolean[] usage = ca.getKeyUsage();
        if (usage != null && !(usage[5] && usage[6])) {
            throw new IllegalArgumentException(what + " is a CA certificate whose key usage does not allow "
                    + (usage[5] ? "signing CRLs (cRLSign)" : "signing certificates (keyCertSign)")
                    + ": give the CA that issues the node certificates and their CRL");
        }
        if (at.isAfter(ca.getNotAfter().toInstant()) || at.isBefore(ca.getNotBefore().toInstant())) {
            throw new IllegalArgumentException(what + " is valid only from " + ca.getNotBefore().toInstant() + " to "
                    + ca.getNotAfter().toInstant() + " (now " + at + "): ask the agency for its current CA certificate");
        }
    }

    /** The file name stem of {@code ca}'s anchor: its CN (or O) made file-safe, and its fingerprint's first 8 digits. */
    static String nameOf(X509Certificate ca) {
        X500Name subject = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
        RDN[] cn = subject.getRDNs(BCStyle.CN);
        RDN[] o = subject.getRDNs(BCStyle.O);
        String label = cn.length > 0 ? IETFUtils.valueToString(cn[0].getFirst().getValue())
                : o.length > 0 ? IETFUtils.valueToString(o[0].getFirst().getValue()) : "CA";
        label = label.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        if (label.length() > 40) {
            label = label.substring(0, 40);
        }
        String fingerprint = CertificateFingerprint.of(ca).replace(":", "").substring(0, 8).toLowerCase(Locale.ROOT);
        return (label.isEmpty() ? "CA" : label) + "-" + fingerprint;
    }

    /**
     * Installs {@code ca} with its {@code crl} as a trust anchor. The CRL is written first: a running process that
     * sees the anchor also sees its CRL (an anchor without one is refused, {@link BusTrust}).
     */
    void install(String name, X509Certificate ca, X509CRL crl) {
        writeCrl(name, crl);
        SecureFiles.writePublic(layout.anchor(name), Pem.certificate(ca).getBytes(StandardCharsets.US_ASCII));
    }

    void writeCrl(String name, X509CRL crl) {
        SecureFiles.writePublic(PkiLayout.anchorCrl(layout.anchor(name)), Pem.crl(crl).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * {@code bus keys import-crl FILE}: installs a newer CRL of a trust anchor (the one that signed it). Refuses a
     * CRL of no anchor, one the anchor did not sign, and one not newer than the CRL in use. Returns the anchor's name.
     */
    public String importCrl(Path crlFile) {
        X509CRL crl = ImportedFiles.readCrl(crlFile);
        BusTrust trust = BusTrust.load(layout.dir());
        if (crl.getIssuerX500Principal().equals(trust.caCertificate().getSubjectX500Principal())) {
            throw new IllegalArgumentException(crlFile + " is a CRL of the bus CA itself, which 'bus keys revoke|rotate|crl' "
                    + "maintain in " + layout.crl() + "; import-crl installs the CRLs of agencies' CAs (trust anchors)");
        }
        for (Path file : layout.anchorCertificates()) {
            X509Certificate ca = Pem.readCertificate(file);
            if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                String name = PkiLayout.anchorName(file);
                TrustAnchor anchor = trust.anchorOf(ca);
                if (anchor == null) {
                    new TrustAnchor(ca, crl, name, KeysHint.option(layout.dir())); // an anchor left without a CRL: checks the signature
                } else {
                    anchor.updateCrl(crl); // signed by the anchor and newer than the CRL in use, else refused
                }
                writeCrl(name, crl);
                return name;
            }
        }
        throw new IllegalArgumentException(crlFile + " is a CRL of '" + crl.getIssuerX500Principal() + "', which is no trust"
                + " anchor of this bus (" + layout.anchors() + "): import the agency's CA first with 'bus keys import NODE --ca"
                + " CA_FILE --crl " + crlFile + " ...'");
    }
}
