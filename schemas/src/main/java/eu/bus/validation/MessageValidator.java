package eu.bus.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.message.MessageType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates a message document (header + payload) against the schemas its header names.
 * Thread-safe; build one per process: every schema is compiled once in {@link #MessageValidator(ValidationLimits)}.
 *
 * <p>Order of checks: size, UTF-8, JSON syntax and nesting depth, the envelope and header schema,
 * then the payload schema picked by {@code header.messageType} and {@code header.schemaVersion}.
 * Bad input never throws: it yields a report with precise errors.
 */
public final class MessageValidator {

    private final ValidationLimits limits;
    private final SchemaCatalog catalog;
    private final ErrorTranslator translator = new ErrorTranslator();

    public MessageValidator(ValidationLimits limits) {
        this(SchemaCatalog.load(), limits);
    }

    /** Validates against {@code catalog} (another release's schemas, say) instead of this build's. */
    public MessageValidator(SchemaCatalog catalog, ValidationLimits limits) {
        this.limits = limits;
        this.catalog = catalog;
    }

    public MessageValidator() {
        this(ValidationLimits.defaults());
    }

    public SchemaCatalog catalog() {
        return catalog;
    }

    public ValidationLimits limits() {
        return limits;
    }

    /** Reads and validates a file, refusing an oversized one before reading it. */
    public ValidationReport validate(Path file) throws IOException {
        Optional<ValidationError> tooLarge = checkSize(Files.size(file));
        if (tooLarge.isPresent()) {
            return ValidationReport.invalid(tooLarge.get());
        }
        return validate(Files.readAllBytes(file));
    }

    /** The size check alone, for callers that know the size before reading (files, HTTP bodies). */
    public Optional<ValidationError> checkSize(long size) {
        return size > limits.maxBytes() ? Optional.of(tooLarge(size)) : Optional.empty();
    }

    /** Reads at most the size limit plus one byte, so an endless stream is refused, not buffered. */
    public ValidationReport validate(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) limits.maxBytes() + 1);
        return validate(bytes);
    }

    public ValidationReport validate(byte[] bytes) {
        ValidationReport parsed = parse(bytes);
        return parsed.valid() ? validate(parsed.document()) : parsed;
    }

    /** Size, encoding and syntax checks only; a valid report carries the parsed document and no header. */
    private ValidationReport parse(byte[] bytes) {
        Optional<ValidationError> tooLarge = checkSize(bytes.length);
        if (tooLarge.isPresent()) {
            return ValidationReport.invalid(tooLarge.get());
        }
        if (bytes.length == 0) {
            return ValidationReport.invalid(ValidationError.withoutDocumentContent("", "input", "the input is empty", "a JSON message document"));
        }
        Optional<ValidationError> encoding = checkUtf8(bytes);
        if (encoding.isPresent()) {
            return ValidationReport.invalid(encoding.get());
        }
        JsonNode document;
        try {
            document = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            return ValidationReport.invalid(JsonSyntaxErrors.from(e, limits.maxNestingDepth()));
        } catch (IOException e) {
            // reading from memory: not expected; the library's message is not passed on (it may quote the input)
            return ValidationReport.invalid(ValidationError.withoutDocumentContent("", "json-syntax",
                    "the input could not be read as JSON", "a well-formed JSON document"));
        }
        return new ValidationReport(List.of(), null, document);
    }

    /**
     * Validates a payload that arrived as bytes apart from its header (a decrypted body): the same size,
     * encoding and syntax checks as a whole document, then the schemas.
     */
    public ValidationReport validate(eu.bus.message.MessageHeader header, byte[] payload) {
        ValidationReport parsed = parse(payload);
        return parsed.valid() ? validate(header, parsed.document()) : parsed;
    }

    /** Validates a header and payload that arrived apart (e.g. the payload from a decrypted body). */
    public ValidationReport validate(eu.bus.message.MessageHeader header, JsonNode payload) {
        com.fasterxml.jackson.databind.node.ObjectNode document = Json.mapper().createObjectNode();
        document.set("header", HeaderCodec.toJson(header));
        document.set("payload", payload);
        return validate(document);
    }

    /** Validates an already parsed document. */
    public ValidationReport validate(JsonNode document) {
        if (document == null || !document.isObject()) {
            return ValidationReport.invalid(ValidationError.withoutDocumentContent("", "document",
                    "the document is " + (document == null ? "empty" : "a JSON " + document.getNodeType().name().toLowerCase()),
                    "a JSON object with \"header\" and \"payload\""));
        }
        List<ValidationError> errors = new ArrayList<>(translate(catalog.envelope().validate(document), ""));
        Optional<Schema> payloadSchema = payloadSchemaFor(document.path("header"), errors);
        JsonNode payload = document.get("payload");
        if (payloadSchema.isPresent() && payload != null && payload.isObject()) {
            errors.addAll(translate(payloadSchema.get().validate(payload), "/payload"));
        }
        if (!errors.isEmpty()) {
            return ValidationReport.invalid(errors);
        }
        return headerModel(document.get("header"), document);
    }

    /**
     * Validates a clear header on its own (what a receiver can check before decrypting); pointers
     * are reported as in a whole message ({@code /header/...}).
     */
    public ValidationReport validateHeader(JsonNode header) {
        if (header == null || !header.isObject()) {
            return ValidationReport.invalid(ValidationError.withoutDocumentContent("/header", "type", "the header is missing or not an object", "a JSON object"));
        }
        List<ValidationError> errors = translate(catalog.header().validate(header), "/header");
        if (!errors.isEmpty()) {
            return ValidationReport.invalid(errors);
        }
        return headerModel(header, null);
    }

    /** Reads and validates a clear header carried as JSON text (e.g. a broker message property). */
    public ValidationReport validateHeader(String headerJson) {
        if (headerJson == null) {
            return ValidationReport.invalid(ValidationError.withoutDocumentContent("/header", "required", "the header is missing", "a JSON object"));
        }
        ValidationReport parsed = parse(headerJson.getBytes(StandardCharsets.UTF_8));
        return parsed.valid() ? validateHeader(parsed.document()) : parsed;
    }

    /**
     * The payload schema the header names. An unknown type is already reported by the header
     * schema's enum; an unknown version of a known type is reported here.
     */
    private Optional<Schema> payloadSchemaFor(JsonNode header, List<ValidationError> errors) {
        Optional<MessageType> type = MessageType.fromWireName(header.path("messageType").asText(""));
        JsonNode version = header.path("schemaVersion");
        if (type.isEmpty() || !version.isTextual()) {
            return Optional.empty();
        }
        Optional<Schema> schema = catalog.payload(type.get(), version.asText());
        if (schema.isEmpty() && errors.stream().noneMatch(e -> e.pointer().equals("/header/schemaVersion"))) {
            String expected = "one of " + String.join(", ", catalog.versions(type.get()));
            errors.add(new ValidationError("/header/schemaVersion",
                    "no schema version \"" + version.asText() + "\" for message type " + type.get().wireName(), expected,
                    new ValidationError.Redacted("/header/schemaVersion", "schemaVersion",
                            "no payload schema for this version of the message type", expected)));
        }
        return schema;
    }

    /**
     * The header model of a header that passed its schema. Should the two ever disagree, that is a
     * defect of the bus, reported as an error rather than an exception whose text could quote the header.
     */
    private static ValidationReport headerModel(JsonNode header, JsonNode document) {
        try {
            return new ValidationReport(List.of(), HeaderCodec.fromJson(header), document);
        } catch (IllegalArgumentException e) {
            return ValidationReport.invalid(ValidationError.withoutDocumentContent("/header", "header-model",
                    "the header passes its schema but the header model cannot read it",
                    "a header the model reads; report this to the bus maintainers, the schema and the model disagree"));
        }
    }

    private List<ValidationError> translate(List<Error> raw, String prefix) {
        return translator.translateAll(raw, prefix);
    }

    private ValidationError tooLarge(long size) {
        return ValidationError.withoutDocumentContent("", "size", "the input is " + size + " bytes, over the limit of " + limits.maxBytes() + " bytes",
                "at most " + limits.maxBytes() + " bytes (raise it with --max-bytes if policy allows)");
    }

    private static Optional<ValidationError> checkUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            decoder.decode(in);
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of(ValidationError.withoutDocumentContent("", "encoding",
                    "byte " + firstInvalidUtf8Offset(bytes) + " is not valid UTF-8 (binary or wrongly encoded input)",
                    "a UTF-8 encoded JSON document"));
        }
    }

    /** Where decoding first fails; only computed on the error path. */
    private static int firstInvalidUtf8Offset(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : bytes.length;
    }
}
