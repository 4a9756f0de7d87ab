package eu.bus.broker;

import eu.bus.keys.Algorithms;
import eu.bus.keys.Providers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.TreeSet;

/**
 * The requester's signature over a case change and the digest of the lifecycle message's clear
 * header: the broker verifies it with the node's registered signing certificate before deciding, and
 * keeps it with its decision, so who asked for which change, for which message, can be proved later
 * without trusting the broker's operator.
 */
public final class CaseChangeSignature {

    private static final String DOMAIN = "bus-case-change/1";

    private CaseChangeSignature() {
    }

    /** The bytes signed: every field of the change in a fixed order, participants sorted. */
    static byte[] signedBytes(CaseChange change) {
        return String.join("\n", DOMAIN, change.caseId(), change.kind().name(),
                String.join(",", new TreeSet<>(change.participants())), String.join(",", new TreeSet<>(change.before())),
                change.messageId(), change.headerDigest()).getBytes(StandardCharsets.UTF_8);
    }

    /** Base64 of the ECDSA signature of the change with the requester's signing key. */
    public static String sign(CaseChange change, PrivateKey signingKey) {
        try {
            Signature signer = Signature.getInstance(Algorithms.CURRENT.signature, Providers.bouncyCastle());
            signer.initSign(signingKey);
            signer.update(signedBytes(change));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the change of case " + change.caseId() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the change carries a valid signature by the holder of {@code certificate}. */
    static boolean verify(CaseChange change, X509Certificate certificate) {
        if (change.signature() == null || change.headerDigest() == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(Algorithms.CURRENT.signature, Providers.bouncyCastle());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(signedBytes(change));
            return verifier.verify(Base64.getDecoder().decode(change.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
