package eu.bus.envelope;

import eu.bus.keys.Algorithms;
import eu.bus.keys.Providers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.ecc.ECCCMSSharedInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * RFC 5753 key-encryption key: ECDH (standard, cofactor 1 on P-256) gives Z, the X9.63 KDF turns
 * Z || counter || ECC-CMS-SharedInfo into the AES key-wrap key. Pure function; callers cache the result
 * per (originator key, recipient key), which is what makes the reused originator key pay off.
 */
final class KeyEncryptionKeys {

    private KeyEncryptionKeys() {
    }

    static SecretKey derive(PrivateKey own, PublicKey peer, ASN1ObjectIdentifier scheme,
                            AlgorithmIdentifier keyWrap, byte[] ukm) throws GeneralSecurityException {
        String kdfDigest = Algorithms.CURRENT.kdfDigestOf(scheme);
        int keyBytes = Algorithms.CURRENT.keyWrapKeyBytesOf(keyWrap.getAlgorithm());
        if (kdfDigest == null || keyBytes == 0) {
            throw new GeneralSecurityException("unsupported key agreement " + scheme + " / key wrap " + keyWrap.getAlgorithm());
        }
        KeyAgreement agreement = KeyAgreement.getInstance(Algorithms.CURRENT.keyAgreement, Providers.bouncyCastle());
        agreement.init(own);
        agreement.doPhase(peer, true);
        byte[] z = agreement.generateSecret();
        byte[] sharedInfo;
        try {
            sharedInfo = new ECCCMSSharedInfo(keyWrap, ukm, ByteBuffer.allocate(4).putInt(keyBytes * 8).array())
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode ECC-CMS-SharedInfo", e);
        }
        MessageDigest digest = MessageDigest.getInstance(kdfDigest);
        byte[] out = new byte[0];
        for (int counter = 1; out.length < keyBytes; counter++) {
            digest.update(z);
            digest.update(ByteBuffer.allocate(4).putInt(counter).array());
            digest.update(sharedInfo);
            byte[] block = digest.digest();
            byte[] next = Arrays.copyOf(out, out.length + block.length);
            System.arraycopy(block, 0, next, out.length, block.length);
            out = next;
        }
        Arrays.fill(z, (byte) 0);
        return new SecretKeySpec(out, 0, keyBytes, "AES");
    }
}
