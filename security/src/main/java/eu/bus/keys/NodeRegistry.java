package eu.bus.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The node registry (DIR/registry.json): which nodes exist, their role, country and site, where their
 * certificates are and their SHA-256 fingerprints, which pin each node to its current certificates.
 * Routing, broker authorisation and every authentication by certificate read it ({@link NodeTrust});
 * {@code bus keys} writes it. Running processes follow the file ({@link LiveRegistry}).
 */
public final class NodeRegistry {

    /** The JSON document; a record so that Jackson maps it without annotations. */
    record Document(int version, String caCertificate, String crl, List<RegisteredNode> nodes) {
    }

    /** 2: certificates pinned by fingerprint. Version 1 named certificate files only. */
    static final int VERSION = 2;

    private final Path dir;
    private final List<RegisteredNode> nodes;

    private NodeRegistry(Path dir, List<RegisteredNode> nodes) {
        this.dir = dir;
        this.nodes = List.copyOf(nodes);
    }

    public static NodeRegistry of(Path pkiDir, List<RegisteredNode> nodes) {
        List<RegisteredNode> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(RegisteredNode::id));
        return new NodeRegistry(pkiDir, sorted);
    }

    public static NodeRegistry load(Path pkiDir) {
        Path file = new PkiLayout(pkiDir).registry();
        try {
            Document doc = Json.mapper().readValue(Files.readAllBytes(file), Document.class);
            if (doc.version() == 1) {
                throw new IllegalArgumentException(file + " is a version 1 registry, which names each node's certificates by"
                        + " file only; this build reads version " + VERSION + ", which pins them by SHA-256 fingerprint:"
                        + " create the PKI again with 'bus keys init' (a dev PKI), or add to every node"
                        + " \"signingCertificateSha256\" and \"encryptionCertificateSha256\" (from 'openssl x509 -noout"
                        + " -fingerprint -sha256 -in FILE') and set \"version\": " + VERSION);
            }
            if (doc.version() != VERSION || doc.nodes() == null) {
                throw new IllegalArgumentException(file + " has registry version " + doc.version()
                        + "; this build reads version " + VERSION);
            }
            List<RegisteredNode> nodes = new ArrayList<>();
            for (RegisteredNode node : doc.nodes()) {
                nodes.add(checked(node, file));
            }
            return new NodeRegistry(pkiDir, nodes);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no node registry at " + file
                    + ": create the PKI first with '" + KeysHint.command("init --nodes NODE,...", pkiDir) + "'", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not a valid node registry: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every entry names a valid node, both certificates and both fingerprints (in OpenSSL's notation). */
    private static RegisteredNode checked(RegisteredNode node, Path file) {
        try {
            NodeId.requireValid(node.id());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a valid node registry: " + e.getMessage(), e);
        }
        String[] fingerprints = new String[KeyPurpose.values().length];
        for (KeyPurpose purpose : KeyPurpose.values()) {
            fingerprints[purpose.ordinal()] = CertificateFingerprint.normalise(node.fingerprint(purpose));
            if (node.certificate(purpose) == null || fingerprints[purpose.ordinal()] == null) {
                throw new IllegalArgumentException(file + " is not a valid node registry: node " + node.id()
                        + " needs \"" + purpose.label + "Certificate\" and \"" + purpose.label + "CertificateSha256\""
                        + " (64 hex digits, as 'openssl x509 -noout -fingerprint -sha256' prints them)");
            }
        }
        String site;
        try {
            // a registry written before sites existed has none: the default keeps it working
            site = node.site() == null ? NodeId.defaultSiteOf(node.id()) : NodeId.requireValidSite(node.site());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a valid node registry: node " + node.id() + ": " + e.getMessage(), e);
        }
        return new RegisteredNode(node.id(), NodeRole.ofNodeId(node.id()), NodeId.countryOf(node.id()),
                node.signingCertificate(), fingerprints[KeyPurpose.SIGNING.ordinal()],
                node.encryptionCertificate(), fingerprints[KeyPurpose.ENCRYPTION.ordinal()], site);
    }

    public void save() {
        PkiLayout layout = new PkiLayout(dir);
        Document doc = new Document(VERSION, layout.relative(layout.caCertificate()), layout.relative(layout.crl()), nodes);
        try {
            SecureFiles.writePublic(layout.registry(),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the node registry", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public List<RegisteredNode> nodes() {
        return nodes;
    }

    public Optional<RegisteredNode> find(String nodeId) {
        return nodes.stream().filter(n -> n.id().equals(nodeId)).findFirst();
    }

    public RegisteredNode require(String nodeId) {
        return find(nodeId).orElseThrow(() -> new UnknownNodeException(nodeId, dir));
    }

    public Path certificatePath(String nodeId, KeyPurpose purpose) {
        return dir.resolve(require(nodeId).certificate(purpose));
    }

    /** A registry that also holds {@code node} (replacing an entry with the same id). */
    public NodeRegistry with(RegisteredNode node) {
        List<RegisteredNode> next = new ArrayList<>(nodes);
        next.removeIf(n -> n.id().equals(node.id()));
        next.add(node);
        return of(dir, next);
    }
}
