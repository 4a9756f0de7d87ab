package eu.bus.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import eu.bus.message.Json;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Evidence that one record is in a node's log, checkable by a third party with the CA certificate
 * alone: the record's exact stored bytes, the RFC 6962 audit path from its leaf to the root, and the
 * signed checkpoint that states that root.
 *
 * @param record the record's stored bytes as a (UTF-8 JSON) string; its leaf hash is recomputed from it
 */
public record InclusionProof(
        String format,
        long leafIndex,
        long treeSize,
        String record,
        String leafHash,
        List<String> auditPath,
        Checkpoint checkpoint) {

    public static final String FORMAT = "bus-audit-inclusion-proof/v1";

    public InclusionProof {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(checkpoint, "checkpoint");
        auditPath = List.copyOf(Objects.requireNonNull(auditPath, "auditPath"));
    }

    public String toJson() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws InvalidProofException when the text is not a proof in this format */
    public static InclusionProof fromJson(String json) throws InvalidProofException {
        try {
            InclusionProof p = Json.mapper().readValue(json, InclusionProof.class);
            if (!FORMAT.equals(p.format())) {
                throw new InvalidProofException("unknown proof format '" + p.format() + "', expected " + FORMAT);
            }
            return p;
        } catch (JsonProcessingException e) {
            throw new InvalidProofException("not an inclusion proof: " + e.getOriginalMessage());
        }
    }
}
