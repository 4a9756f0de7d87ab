package eu.bus.keys;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.KeyUsage;

/** What a node key is for; the bus keeps signing and encryption keys apart (docs/SECURITY.md). */
public enum KeyPurpose {
    SIGNING("signing", KeyUsage.digitalSignature | KeyUsage.nonRepudiation, KeyUsage.digitalSignature),
    ENCRYPTION("encryption", KeyUsage.keyAgreement, KeyUsage.keyAgreement);

    /** File name stem under nodes/NODE/, and the word used in messages. */
    public final String label;
    /** Key usage bits issued in the certificate. */
    final int issuedUsage;
    /** Bits a certificate must carry to be accepted for this purpose. */
    final int requiredUsage;

    KeyPurpose(String label, int issuedUsage, int requiredUsage) {
        this.label = label;
        this.issuedUsage = issuedUsage;
        this.requiredUsage = requiredUsage;
    }

    /** True if the certificate's key usage carries every bit this purpose requires (none without the extension). */
    boolean allowedBy(X509Certificate certificate) {
        boolean[] usage = certificate.getKeyUsage();
        if (usage == null) {
            return false;
        }
        int bits = 0;
        // java.security order: digitalSignature(0) ... decipherOnly(8); BC KeyUsage flags put bit 0 at 1 << 7.
        for (int i = 0; i < usage.length && i < 9; i++) {
            if (usage[i]) {
                bits |= i < 8 ? (1 << (7 - i)) : (1 << 15);
            }
        }
        return (bits & requiredUsage) == requiredUsage;
    }
}
