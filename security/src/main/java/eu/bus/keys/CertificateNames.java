package eu.bus.keys;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reads the node id (the subject CN) out of a bus certificate and describes a certificate for messages. */
public final class CertificateNames {

    private CertificateNames() {
    }

    /** The subject CN, or {@code null} if there is none. */
    public static String nodeIdOf(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] cn = subject.getRDNs(BCStyle.CN);
        return cn.length == 0 ? null : IETFUtils.valueToString(cn[0].getFirst().getValue());
    }

    /** E.g. "the signing certificate of 'NL-NMT' (serial 4f1c...)". */
    static String describe(X509Certificate certificate, KeyPurpose purpose) {
        return "the " + purpose.label + " certificate of '" + nodeIdOf(certificate) + "' (serial "
                + certificate.getSerialNumber().toString(16) + ")";
    }
}
