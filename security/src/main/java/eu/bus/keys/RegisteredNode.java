package eu.bus.keys;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One node as the registry knows it. Certificate paths are relative to the PKI directory.
 * {@code country} is the ISO 3166 code of a national node and {@code null} for agencies and auditors.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RegisteredNode(String id, NodeRole role, String country,
                             String signingCertificate, String encryptionCertificate) {

    public static RegisteredNode of(String nodeId, PkiLayout layout) {
        return new RegisteredNode(nodeId, NodeRole.ofNodeId(nodeId), NodeId.countryOf(nodeId),
                layout.relative(layout.certificate(nodeId, KeyPurpose.SIGNING)),
                layout.relative(layout.certificate(nodeId, KeyPurpose.ENCRYPTION)));
    }

    public String certificate(KeyPurpose purpose) {
        return purpose == KeyPurpose.SIGNING ? signingCertificate : encryptionCertificate;
    }
}
