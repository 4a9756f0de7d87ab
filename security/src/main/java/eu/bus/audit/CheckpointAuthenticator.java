package eu.bus.audit;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import eu.bus.keys.Algorithms;
import eu.bus.keys.CertificateNames;
import eu.bus.keys.Providers;
import eu.bus.witness.LogNoteSignature;
import eu.bus.witness.MalformedNoteException;
import eu.bus.witness.NoteSignature;
import eu.bus.witness.SignedNote;

/**
 * Checks that a checkpoint was signed by the log's node: the embedded certificate is issued by the
 * CA and valid at the checkpoint's time, names the node, its key verifies the signature, and it was
 * not revoked in a way that voids the checkpoint ({@link CheckpointRevocation}; checked only when a
 * CRL is given, and the verifier's report says whether it was).
 * Certificates seen before are not parsed and checked again: a log repeats the same one.
 */
public final class CheckpointAuthenticator {

    private final X509Certificate ca;
    private final CheckpointRevocation revocation;
    private final Map<String, X509Certificate> issuedByCa = new HashMap<>();

    /** Without revocation: for a caller that has no CRL. */
    public CheckpointAuthenticator(X509Certificate ca) {
        this(ca, CheckpointRevocation.notChecked());
    }

    public CheckpointAuthenticator(X509Certificate ca, CheckpointRevocation revocation) {
        this.ca = ca;
        this.revocation = revocation;
    }

    public void check(Checkpoint cp, String logNode) throws CheckpointInvalidException {
        check(cp, logNode, null);
    }

    /**
     * @param witnessedAt when trusted witnesses first cosigned this checkpoint (its size and root), or null: that
     *                    time, which its signer cannot choose, replaces the time it claims for the certificate checks
     */
    public void check(Checkpoint cp, String logNode, Instant witnessedAt) throws CheckpointInvalidException {
        if (logNode != null && !logNode.equals(cp.node())) {
            throw new CheckpointInvalidException("it names node " + cp.node() + " but this log belongs to " + logNode);
        }
        if (!Algorithms.CURRENT.signature.equals(cp.signatureAlgorithm())) {
            throw new CheckpointInvalidException("unsupported signature algorithm " + cp.signatureAlgorithm());
        }
        X509Certificate cert = certificate(cp.certificate());
        Instant signedAt = witnessedAt != null ? witnessedAt : cp.time();
        try {
            cert.checkValidity(Date.from(signedAt));
        } catch (GeneralSecurityException e) {
            throw new CheckpointInvalidException("its signer's certificate was not valid at " + signedAt);
        }
        String signer = CertificateNames.nodeIdOf(cert);
        if (!cp.node().equals(signer)) {
            throw new CheckpointInvalidException("it is signed by " + signer + "'s certificate, not by " + cp.node());
        }
        try {
            Signature s = signature(cp.signatureAlgorithm());
            s.initVerify(cert.getPublicKey());
            s.update(cp.signedBytes());
            if (!s.verify(Base64.getDecoder().decode(cp.signature()))) {
                throw new CheckpointInvalidException("its signature does not verify with " + signer + "'s certificate");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CheckpointInvalidException("its signature does not verify with " + signer
                    + "'s certificate (" + e.getMessage() + ")");
        }
        checkNote(cp, cert, signer);
        revocation.check(cert, signedAt, witnessedAt != null);
    }

    /** The C2SP form witnesses cosign must carry the same key's signature over the same size and root. */
    private static void checkNote(Checkpoint cp, X509Certificate cert, String signer) throws CheckpointInvalidException {
        if (cp.noteSignature() == null) {
            return; // written before witnessing: its own signature above covers it
        }
        try {
            SignedNote note = cp.signedNote().orElseThrow();
            NoteSignature signature = note.signatures().get(0);
            if (!LogNoteSignature.verifies(signature, signature.keyName(), cert.getPublicKey(), note.text())) {
                throw new CheckpointInvalidException("its signed note (the C2SP form witnesses cosign) does not verify with "
                        + signer + "'s certificate");
            }
        } catch (MalformedNoteException e) {
            throw new CheckpointInvalidException("its signed note (the C2SP form witnesses cosign) is malformed: " + e.getMessage());
        }
    }

    private X509Certificate certificate(String base64) throws CheckpointInvalidException {
        X509Certificate known = issuedByCa.get(base64);
        if (known != null) {
            return known;
        }
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CheckpointInvalidException("its certificate cannot be read: " + e.getMessage());
        }
        try {
            cert.verify(ca.getPublicKey(), Providers.bouncyCastle());
        } catch (GeneralSecurityException e) {
            throw new CheckpointInvalidException("its certificate (" + cert.getSubjectX500Principal().getName()
                    + ") is not issued by the given CA");
        }
        boolean[] usage = cert.getKeyUsage();
        if (usage != null && !usage[0]) {
            throw new CheckpointInvalidException("its certificate (" + cert.getSubjectX500Principal().getName()
                    + ") does not allow digital signatures: it is not a signing certificate");
        }
        issuedByCa.put(base64, cert);
        return cert;
    }

    static Signature signature(String algorithm) throws NoSuchAlgorithmException {
        return Signature.getInstance(algorithm, Providers.bouncyCastle());
    }
}
