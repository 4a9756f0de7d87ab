package eu.bus.envelope;

import eu.bus.keys.Algorithms;
import eu.bus.keys.Providers;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Verifies CMS signatures with exactly the bus signature algorithm, on one long-lived BouncyCastle key.
 * Replaces JcaContentVerifierProviderBuilder for two reasons: its verifier runs a second, "raw" ECDSA
 * verification after every check (to release PKCS#11 sessions) which doubles the cost, and it accepts any
 * algorithm that fits the key, where the bus pins {@link Algorithms#signatureOid}.
 */
final class EcdsaVerifierProvider implements ContentVerifierProvider {

    private final PublicKey key;

    EcdsaVerifierProvider(PublicKey key) {
        this.key = key;
    }

    @Override
    public boolean hasAssociatedCertificate() {
        return false; // validity is BusTrust's job, checked against the clock, not against signingTime
    }

    @Override
    public X509CertificateHolder getAssociatedCertificate() {
        return null;
    }

    @Override
    public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
        if (!Algorithms.CURRENT.signatureOid.equals(algorithm.getAlgorithm())) {
            throw new OperatorCreationException("signature algorithm " + algorithm.getAlgorithm() + " is not accepted; the bus signs with "
                    + Algorithms.CURRENT.signature + " (" + Algorithms.CURRENT.signatureOid + ")");
        }
        Signature signature;
        try {
            signature = Signature.getInstance(Algorithms.CURRENT.signature, Providers.bouncyCastle());
            signature.initVerify(key);
        } catch (GeneralSecurityException e) {
            throw new OperatorCreationException("cannot set up " + Algorithms.CURRENT.signature + ": " + e.getMessage(), e);
        }
        return new ContentVerifier() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                return new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        try {
                            signature.update(bytes, offset, length);
                        } catch (SignatureException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                };
            }

            @Override
            public boolean verify(byte[] expected) {
                try {
                    return signature.verify(expected);
                } catch (SignatureException e) {
                    return false; // not a DER ECDSA signature: simply invalid
                }
            }
        };
    }
}
