package eu.bus.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the schema library's errors into {@link ValidationError}s people can act on: the pointer
 * names the offending member itself (also for a missing or extra property), the problem quotes the
 * value, and "expected" is read from the schema keyword.
 */
final class ErrorTranslator {

    private static final int QUOTE_LIMIT = 60;

    /**
     * Translates a list, folding the failed branches of one {@code anyOf} into a single error:
     * "needs one of a, b, c" helps more than one "missing" per alternative.
     */
    List<ValidationError> translateAll(List<Error> raw, String prefix) {
        List<ValidationError> out = new ArrayList<>(raw.size());
        Map<String, List<Error>> alternatives = new LinkedHashMap<>();
        for (Error e : raw) {
            String branch = anyOfBranch(e);
            if (branch == null) {
                out.add(translate(e, prefix));
            } else {
                alternatives.computeIfAbsent(branch, k -> new ArrayList<>()).add(e);
            }
        }
        alternatives.values().forEach(group -> out.add(foldAlternatives(group, prefix)));
        return out;
    }

    /** The instance location and schema path up to the innermost anyOf, or null if not under one. */
    private static String anyOfBranch(Error e) {
        NodePath path = e.getEvaluationPath();
        for (int i = path.getNameCount() - 1; i >= 0; i--) {
            if ("anyOf".equals(path.getName(i))) {
                StringBuilder key = new StringBuilder(e.getInstanceLocation().toString()).append('|');
                for (int j = 0; j <= i; j++) {
                    key.append('/').append(path.getName(j));
                }
                return key.toString();
            }
        }
        return null;
    }

    private ValidationError foldAlternatives(List<Error> group, String prefix) {
        String at = prefix + group.get(0).getInstanceLocation().toString();
        boolean allMissing = group.stream().allMatch(e -> "required".equals(e.getKeyword()));
        if (allMissing) {
            String names = group.stream().map(Error::getProperty).distinct().collect(Collectors.joining(", "));
            return new ValidationError(at, "matches none of the allowed shapes: none of its alternative properties is present",
                    "at least one of " + names);
        }
        String reasons = group.stream().map(e -> translate(e, prefix).describe()).collect(Collectors.joining("; "));
        return new ValidationError(at, "matches none of the allowed shapes", "one alternative to hold; they failed with: " + reasons);
    }

    ValidationError translate(Error e, String prefix) {
        String at = prefix + e.getInstanceLocation().toString();
        JsonNode value = e.getInstanceNode();
        JsonNode rule = e.getSchemaNode();
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        switch (keyword) {
            case "required":
                return new ValidationError(child(at, e.getProperty()), "required property is missing",
                        "a value for \"" + e.getProperty() + "\"");
            case "additionalProperties":
                return new ValidationError(child(at, e.getProperty()), "property is not allowed here",
                        "only the properties the schema defines");
            case "enum":
                return new ValidationError(at, quote(value) + " is not allowed", "one of " + list(rule));
            case "const":
                return new ValidationError(at, quote(value) + " is not allowed", quote(rule));
            case "type":
                return new ValidationError(at, "is " + typeOf(value), rule.isArray() ? "one of " + list(rule) : rule.asText());
            case "maxLength":
                return new ValidationError(at, "text is " + value.asText().codePointCount(0, value.asText().length())
                        + " characters long", "at most " + rule.asInt() + " characters");
            case "minLength":
                return new ValidationError(at, "text is too short", "at least " + rule.asInt() + " characters");
            case "pattern":
                return new ValidationError(at, quote(value) + " does not have the required form", "text matching " + rule.asText());
            case "format":
                return new ValidationError(at, quote(value) + " is not a valid " + rule.asText(), formatHint(rule.asText()));
            case "maxItems":
                return new ValidationError(at, "has " + value.size() + " items", "at most " + rule.asInt() + " items");
            case "minItems":
                return new ValidationError(at, "has " + value.size() + " items", "at least " + rule.asInt() + " items");
            case "uniqueItems":
                return new ValidationError(at, "contains the same item twice", "each item at most once");
            case "oneOf":
                return new ValidationError(at, "matches none or several of the allowed shapes", "exactly one alternative to hold");
            default:
                return new ValidationError(at, e.getMessage().replaceFirst("^\\S+: ", ""), keyword.isEmpty() ? null : "see schema keyword \"" + keyword + "\"");
        }
    }

    private static String child(String pointer, String property) {
        if (property == null) {
            return pointer;
        }
        return pointer + "/" + property.replace("~", "~0").replace("/", "~1");
    }

    private static String quote(JsonNode value) {
        if (value == null) {
            return "the value";
        }
        String text = value.toString();
        return text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "...\"" : text;
    }

    private static String list(JsonNode values) {
        List<String> items = new ArrayList<>();
        values.forEach(v -> items.add(v.asText()));
        return String.join(", ", items);
    }

    private static String typeOf(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase();
        };
    }

    private static String formatHint(String format) {
        return switch (format) {
            case "date-time" -> "an RFC 3339 date-time such as 2026-11-28T10:15:30Z";
            case "date" -> "an RFC 3339 date such as 2026-11-28";
            default -> "a valid " + format;
        };
    }
}
