package eu.bus.grant;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.keys.BusTrust;
import eu.bus.keys.CertificateNames;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Providers;
import eu.bus.message.Json;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;

/**
 * The granting node's signature over the manifest's exact bytes (ECDSA P-256, SHA-256, with its signing key), kept
 * beside it in {@code grant.sig} with the certificate: whoever reads the grant can tell which node granted it and
 * that nothing in it was changed since.
 */
public final class GrantSignature {

    public static final String FILE = "grant.sig";
    private static final String ALGORITHM = "SHA256withECDSA";

    private GrantSignature() {
    }

    public static byte[] sign(byte[] manifest, NodeCredentials node) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM, Providers.bouncyCastle());
            signer.initSign(node.signingKey());
            signer.update(manifest);
            return Json.mapper().writeValueAsBytes(Json.mapper().createObjectNode().put("algorithm", ALGORITHM)
                    .put("certificate", Base64.getEncoder().encodeToString(node.signingCertificate().getEncoded()))
                    .put("signature", Base64.getEncoder().encodeToString(signer.sign())));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot sign the grant: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code signature} is {@code node}'s, by a bus certificate valid when the grant was made, over exactly
     * {@code manifest}.
     *
     * @throws IllegalArgumentException naming what does not hold
     */
    public static void verify(byte[] manifest, byte[] signature, String node, Instant grantedAt, BusTrust trust) {
        X509Certificate certificate;
        byte[] value;
        try {
            JsonNode sig = Json.mapper().readTree(signature);
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(sig.path("certificate").asText())));
            value = Base64.getDecoder().decode(sig.path("signature").asText());
        } catch (java.io.IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(FILE + " is unreadable: " + e.getMessage(), e);
        }
        if (!node.equals(CertificateNames.nodeIdOf(certificate))) {
            throw new IllegalArgumentException("the grant says " + node + " granted it, but it is signed with a certificate of "
                    + CertificateNames.nodeIdOf(certificate));
        }
        try {
            trust.validate(certificate, KeyPurpose.SIGNING, grantedAt);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the grant's signing certificate is not one the bus trusted at " + grantedAt
                    + ": " + e.getMessage(), e);
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM, Providers.bouncyCastle());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(manifest);
            if (!verifier.verify(value)) {
                throw new IllegalArgumentException("the grant's signature does not match " + GrantManifest.FILE
                        + ": it was changed after " + node + " signed it");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the grant's signature cannot be checked: " + e.getMessage(), e);
        }
    }
}
