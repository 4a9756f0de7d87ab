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
 * The node registry (DIR/registry.json): which nodes exist, their role and country, and where their
 * certificates are. Routing and broker authorisation read it; {@code bus keys} writes it.
 */
public final class NodeRegistry {

    /** The JSON document; a record so that Jackson maps it without annotations. */
    record Document(int version, String caCertificate, String crl, List<RegisteredNode> nodes) {
    }

    private static final int VERSION = 1;

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
            if (doc.version() != VERSION || doc.nodes() == null) {
                throw new IllegalArgumentException(file + " has registry version " + doc.version()
                        + "; this build reads version " + VERSION);
            }
            return new NodeRegistry(pkiDir, doc.nodes());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no node registry at " + file
                    + ": create the PKI first with 'bus keys init --dir " + pkiDir + " --nodes ...'", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not a valid node registry: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
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
