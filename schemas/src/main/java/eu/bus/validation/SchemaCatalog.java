package eu.bus.validation;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import eu.bus.message.MessageType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every schema the bus ships, compiled once. Schema ids are
 * {@code https://schemas.thb-bus.eu/<name>/<version>.json}; they resolve to the classpath copy
 * under {@code eu/bus/schemas/} (or to a directory of another release's, {@link #fromDirectory}), never to the network.
 */
public final class SchemaCatalog {

    public static final String ID_PREFIX = "https://schemas.thb-bus.eu/";
    public static final String CLASSPATH_PREFIX = "classpath:eu/bus/schemas/";
    public static final String ENVELOPE_VERSION = "1.0";

    private final Schema envelope;
    private final Schema header;
    private final Map<String, Schema> payloads = new HashMap<>();
    private final Map<MessageType, List<String>> versions = new EnumMap<>(MessageType.class);

    private SchemaCatalog(SchemaRegistry registry, Function<MessageType, List<String>> versionsOf) {
        envelope = compile(registry, "message", ENVELOPE_VERSION);
        header = compile(registry, "header", ENVELOPE_VERSION);
        for (MessageType type : MessageType.values()) {
            List<String> known = versionsOf.apply(type);
            versions.put(type, known);
            for (String version : known) {
                payloads.put(key(type, version), compile(registry, type.wireName(), version));
            }
        }
    }

    /** The schemas this build carries (on the class path). */
    public static SchemaCatalog load() {
        return new SchemaCatalog(registry(builder -> builder.schemaIdResolvers(
                resolvers -> resolvers.mapPrefix(ID_PREFIX, CLASSPATH_PREFIX))), MessageType::versions);
    }

    /**
     * The schemas in a directory laid out as the build's ({@code NAME/VERSION.json}, with {@code message/},
     * {@code header/} and {@code common/}): another release's, to see which archived messages would no longer
     * validate under it. Every version file of a message type counts, those this build knows or not.
     */
    public static SchemaCatalog fromDirectory(Path dir) {
        if (!Files.isDirectory(dir.resolve("header")) || !Files.isDirectory(dir.resolve("common"))) {
            throw new IllegalArgumentException(dir + " is not a schema directory: it has no header/ and common/ (lay it"
                    + " out as the build's schemas/json: NAME/VERSION.json)");
        }
        Path root = dir.toAbsolutePath().normalize();
        return new SchemaCatalog(registry(builder -> builder.resourceLoaders(loaders -> loaders.add(iri -> {
            String id = iri.toString();
            Path file = id.startsWith(ID_PREFIX) ? root.resolve(id.substring(ID_PREFIX.length())).normalize() : null;
            return file == null || !file.startsWith(root) || !Files.isRegularFile(file) ? null : () -> Files.newInputStream(file);
        }))), type -> versionsIn(dir.resolve(type.wireName())));
    }

    /** @param source where schema ids resolve: the class path, or a directory (never the network) */
    private static SchemaRegistry registry(Consumer<SchemaRegistry.Builder> source) {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                // 2020-12 makes "format" an annotation; the bus wants dates checked.
                .formatAssertionsEnabled(true)
                .build();
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> source.accept(builder.schemaRegistryConfig(config)));
    }

    private static List<String> versionsIn(Path typeDir) {
        if (!Files.isDirectory(typeDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(typeDir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("[0-9]{1,3}\\.[0-9]{1,3}\\.json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted(SchemaCatalog::compareVersions).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + typeDir + ": " + e.getMessage(), e);
        }
    }

    /** "1.10" after "1.9": versions compare by their numbers. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int major = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return major != 0 ? major : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }

    /** The payload schema versions of {@code type} in this catalog, oldest first. */
    public List<String> versions(MessageType type) {
        return versions.get(type);
    }

    /** The newest payload schema version of {@code type} in this catalog (empty if it has none). */
    public Optional<String> latestVersion(MessageType type) {
        List<String> known = versions.get(type);
        return known.isEmpty() ? Optional.empty() : Optional.of(known.get(known.size() - 1));
    }

    public static String schemaId(String name, String version) {
        return ID_PREFIX + name + "/" + version + ".json";
    }

    private static Schema compile(SchemaRegistry registry, String name, String version) {
        Schema schema = registry.getSchema(SchemaLocation.of(schemaId(name, version)));
        schema.initializeValidators();
        return schema;
    }

    private static String key(MessageType type, String version) {
        return type.wireName() + "/" + version;
    }

    public Schema envelope() {
        return envelope;
    }

    /** The clear header alone, as a receiver reads it before it can decrypt anything. */
    public Schema header() {
        return header;
    }

    public Optional<Schema> payload(MessageType type, String version) {
        return Optional.ofNullable(payloads.get(key(type, version)));
    }

    /** Message types with their versions, in declaration order (for {@code bus schemas}). */
    public List<MessageType> types() {
        return List.of(MessageType.values());
    }
}
