package eu.bus.keys;

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
}
