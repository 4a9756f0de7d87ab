package eu.bus.validation;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import eu.bus.message.MessageType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every schema the bus ships, compiled once. Schema ids are
 * {@code https://schemas.thb-bus.eu/<name>/<version>.json}; they resolve to the classpath copy
 * under {@code eu/bus/schemas/}, never to the network.
 */
public final class SchemaCatalog {

    public static final String ID_PREFIX = "https://schemas.thb-bus.eu/";
    public static final String CLASSPATH_PREFIX = "classpath:eu/bus/schemas/";
    public static final String ENVELOPE_VERSION = "1.0";

    private final Schema envelope;
    private final Schema header;
    private final Map<String, Schema> payloads = new HashMap<>();

    private SchemaCatalog(SchemaRegistry registry) {
        envelope = compile(registry, "message", ENVELOPE_VERSION);
        header = compile(registry, "header", ENVELOPE_VERSION);
        for (MessageType type : MessageType.values()) {
            for (String version : type.versions()) {
                payloads.put(key(type, version), compile(registry, type.wireName(), version));
            }
        }
    }

    public static SchemaCatalog load() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                // 2020-12 makes "format" an annotation; the bus wants dates checked.
                .formatAssertionsEnabled(true)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder
                        .schemaRegistryConfig(config)
                        .schemaIdResolvers(resolvers -> resolvers.mapPrefix(ID_PREFIX, CLASSPATH_PREFIX)));
        return new SchemaCatalog(registry);
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
