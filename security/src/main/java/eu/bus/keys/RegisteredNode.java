package eu.bus.keys;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One node as the registry knows it. Certificate paths are relative to the PKI directory; the SHA-256
 * fingerprints pin the node's identity to these exact certificates: another certificate with the node's
 * name, even one the bus CA issued, is not the node. {@code country} is the ISO 3166 code of a national
 * node and {@code null} for agencies and auditors. {@code site} is where the node runs (a member state's or an
 * agency's installation): by default its country, or its id for agencies and auditors ({@link NodeId#defaultSiteOf}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RegisteredNode(String id, NodeRole role, String country,
                             String signingCertificate, String signingCertificateSha256,
                             String encryptionCertificate, String encryptionCertificateSha256, String site) {

    /** An entry at the node's default site. */
    public RegisteredNode(String id, NodeRole role, String country, String signingCertificate, String signingCertificateSha256,
                          String encryptionCertificate, String encryptionCertificateSha256) {
        this(id, role, country, signingCertificate, signingCertificateSha256, encryptionCertificate,
                encryptionCertificateSha256, NodeId.defaultSiteOf(id));
    }

    /** The entry for {@code nodeId}'s current certificate files (read to take their fingerprints), at its default site. */
    public static RegisteredNode of(String nodeId, PkiLayout layout) {
        return of(nodeId, layout, NodeId.defaultSiteOf(nodeId));
    }

    /** As {@link #of(String, PkiLayout)}, at {@code site}. */
    public static RegisteredNode of(String nodeId, PkiLayout layout, String site) {
        return new RegisteredNode(nodeId, NodeRole.ofNodeId(nodeId), NodeId.countryOf(nodeId),
                layout.relative(layout.certificate(nodeId, KeyPurpose.SIGNING)),
                CertificateFingerprint.of(Pem.readCertificate(layout.certificate(nodeId, KeyPurpose.SIGNING))),
                layout.relative(layout.certificate(nodeId, KeyPurpose.ENCRYPTION)),
                CertificateFingerprint.of(Pem.readCertificate(layout.certificate(nodeId, KeyPurpose.ENCRYPTION))),
                NodeId.requireValidSite(site));
    }

    public String certificate(KeyPurpose purpose) {
        return purpose == KeyPurpose.SIGNING ? signingCertificate : encryptionCertificate;
    }

    /** The registered SHA-256 fingerprint for the purpose (OpenSSL's notation). */
    public String fingerprint(KeyPurpose purpose) {
        return purpose == KeyPurpose.SIGNING ? signingCertificateSha256 : encryptionCertificateSha256;
    }
}
