package eu.bus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * One checkpoint against the records it covers: the node's, issued by the CA for that node, valid and not revoked
 * at its time (a witness's time when witnesses cosigned it or a later checkpoint), its signature over the fixed
 * statement and, when it has one, over its C2SP note; its root the records' own; larger and not older than the one
 * before it.
 */
final class CheckpointCheck {

    private static final String ALGORITHM = "SHA256withECDSA";

    private final Trust trust;
    private final Witnessed witnessed;

    CheckpointCheck(Trust trust, Witnessed witnessed) {
        this.trust = trust;
        this.witnessed = witnessed;
    }

    /** The facts of a checkpoint the verifier reads; the rest of its JSON is checked through its signature. */
    record Facts(String node, long size, String rootHex, Instant time) {
        String rootBase64() {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(rootHex));
        }
    }

    static Facts facts(int index, JsonNode checkpoint) throws Problem.Found {
        JsonNode size = checkpoint.get("treeSize");
        String node = Json.text(checkpoint, "node");
        String root = Json.text(checkpoint, "rootHash");
        String time = Json.text(checkpoint, "time");
        if (size == null || !size.isIntegralNumber() || size.asLong() < 0 || node == null || root == null
                || !root.matches("[0-9a-f]{64}") || time == null) {
            throw new Problem.Found(Problem.Where.CHECKPOINT, index, "it lacks a tree size, node, root hash or time");
        }
        try {
            return new Facts(node, size.asLong(), root, Instant.parse(time));
        } catch (DateTimeParseException e) {
            throw new Problem.Found(Problem.Where.CHECKPOINT, index, "its time '" + time + "' is not an ISO-8601 instant");
        }
    }

    void check(int index, JsonNode checkpoint, Facts facts, String logNode, byte[] recordsRoot) throws Problem.Found {
        try {
            if (!facts.node().equals(logNode)) {
                throw new Trust.Invalid("it names node " + facts.node() + " but this log belongs to " + logNode);
            }
            if (!ALGORITHM.equals(Json.text(checkpoint, "signatureAlgorithm"))) {
                throw new Trust.Invalid("unsupported signature algorithm " + Json.text(checkpoint, "signatureAlgorithm"));
            }
            X509Certificate certificate = trust.signingCertificate(String.valueOf(Json.text(checkpoint, "certificate")));
            String signer = Trust.commonName(certificate);
            if (!logNode.equals(signer)) {
                throw new Trust.Invalid("it is signed by " + signer + "'s certificate, not by " + logNode);
            }
            String statement = "bus-audit-checkpoint/v1\n" + facts.node() + "\n" + facts.size() + "\n" + facts.rootHex() + "\n"
                    + facts.time() + "\n";
            if (!verifies(certificate, statement, decode(Json.text(checkpoint, "signature")))) {
                throw new Trust.Invalid("its signature does not verify with " + signer + "'s certificate");
            }
            String noteSignature = Json.text(checkpoint, "noteSignature");
            if (noteSignature != null) {
                checkNote(certificate, facts, noteSignature);
            }
            Instant witnessedAt = witnessed.earliestCovering(facts.size()).orElse(null);
            trust.checkStanding(certificate, witnessedAt != null ? witnessedAt : facts.time(), witnessedAt != null);
        } catch (Trust.Invalid e) {
            throw new Problem.Found(Problem.Where.CHECKPOINT, index, e.getMessage());
        }
        if (!HexFormat.of().formatHex(recordsRoot).equals(facts.rootHex())) {
            throw new Problem.Found(Problem.Where.CHECKPOINT, index, "its root hash does not match records 0.."
                    + (facts.size() - 1) + " (the records or the checkpoint were altered)");
        }
    }

    /** The C2SP note {@code bus/audit/NODE\nSIZE\nROOT\n}, signed by the same key (key ID: SHA-256 of its DER SPKI). */
    private static void checkNote(X509Certificate certificate, Facts facts, String noteSignature) throws Trust.Invalid {
        byte[] bytes = decode(noteSignature);
        byte[] spkiHash = Rfc6962.sha256().digest(certificate.getPublicKey().getEncoded());
        if (bytes.length < 5 || ByteBuffer.wrap(bytes).getInt() != ByteBuffer.wrap(spkiHash).getInt()) {
            throw new Trust.Invalid("its signed note (the C2SP form witnesses cosign) does not name its certificate's key");
        }
        String text = "bus/audit/" + facts.node() + "\n" + facts.size() + "\n" + facts.rootBase64() + "\n";
        if (!verifies(certificate, text, java.util.Arrays.copyOfRange(bytes, 4, bytes.length))) {
            throw new Trust.Invalid("its signed note (the C2SP form witnesses cosign) does not verify with its certificate");
        }
    }

    private static boolean verifies(X509Certificate certificate, String text, byte[] signature) {
        try {
            Signature ecdsa = Signature.getInstance(ALGORITHM);
            ecdsa.initVerify(certificate.getPublicKey());
            ecdsa.update(text.getBytes(StandardCharsets.UTF_8));
            return ecdsa.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] decode(String base64) throws Trust.Invalid {
        try {
            return Base64.getDecoder().decode(base64 == null ? "" : base64);
        } catch (IllegalArgumentException e) {
            throw new Trust.Invalid("a signature in it is not base64");
        }
    }

    /** The trusted witnesses that cosigned exactly this checkpoint. */
    Map<String, Instant> witnessesOf(Facts facts) {
        return witnessed.of(facts.size(), facts.rootBase64());
    }
}
