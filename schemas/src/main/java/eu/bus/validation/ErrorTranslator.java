package eu.bus.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import eu.bus.validation.ValidationError.Redacted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the schema library's errors into {@link ValidationError}s people can act on: the pointer
 * names the offending member itself (also for a missing or extra property), the problem quotes the
 * value, and "expected" is read from the schema keyword. Each error also gets its redacted form,
 * which says the same without anything from the document (see {@link ValidationError}).
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
            // the names come from the schema's "required" lists, not from the document
            String names = group.stream().map(Error::getProperty).distinct().collect(Collectors.joining(", "));
            String expected = "at least one of " + names;
            return new ValidationError(at, "matches none of the allowed shapes: none of its alternative properties is present", expected,
                    new Redacted(at, "anyOf", "none of the alternative properties required by \"anyOf\" is present", expected));
        }
        List<ValidationError> reasons = group.stream().map(e -> translate(e, prefix)).toList();
        return new ValidationError(at, "matches none of the allowed shapes",
                "one alternative to hold; they failed with: " + reasons.stream().map(ValidationError::describe).collect(Collectors.joining("; ")),
                new Redacted(at, "anyOf", "matches none of the shapes allowed by \"anyOf\"",
                        "one alternative to hold; they failed with: " + reasons.stream().map(ValidationError::redacted).collect(Collectors.joining("; "))));
    }

    /**
     * The detailed problem may quote the value (the submitter's own data); the redacted one names the
     * keyword instead. "expected" is read from the schema only, so both renderings share it. The one
     * pointer that would carry document text, an extra property's name, is cut back to its parent in
     * the redacted form.
     */
    ValidationError translate(Error e, String prefix) {
        String at = prefix + e.getInstanceLocation().toString();
        JsonNode value = e.getInstanceNode();
        JsonNode rule = e.getSchemaNode();
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        switch (keyword) {
            case "required": {
                String expected = "a value for \"" + e.getProperty() + "\"";
                String missing = child(at, e.getProperty()); // a name from the schema's "required" list
                return new ValidationError(missing, "required property is missing", expected,
                        new Redacted(missing, keyword, "property required by \"required\" is missing", expected));
            }
            case "additionalProperties": {
                String expected = "only the properties the schema defines";
                return new ValidationError(child(at, e.getProperty()), "property is not allowed here", expected,
                        new Redacted(at, keyword, "has a property not allowed by \"additionalProperties\"", expected));
            }
            case "enum":
                return error(at, quote(value) + " is not allowed", "one of " + list(rule), keyword, "value is not allowed by \"enum\"");
            case "const":
                return error(at, quote(value) + " is not allowed", quote(rule), keyword, "value is not allowed by \"const\"");
            case "type":
                return error(at, "is " + typeOf(value), rule.isArray() ? "one of " + list(rule) : rule.asText(), keyword,
                        "value has a type not allowed by \"type\"");
            case "maxLength":
                return error(at, "text is " + value.asText().codePointCount(0, value.asText().length()) + " characters long",
                        "at most " + rule.asInt() + " characters", keyword, "text is longer than \"maxLength\" allows");
            case "minLength":
                return error(at, "text is too short", "at least " + rule.asInt() + " characters", keyword,
                        "text is shorter than \"minLength\" allows");
            case "pattern":
                return error(at, quote(value) + " does not have the required form", "text matching " + rule.asText(), keyword,
                        "text does not match \"pattern\"");
            case "format":
                return error(at, quote(value) + " is not a valid " + rule.asText(), formatHint(rule.asText()), keyword,
                        "value is not a valid " + rule.asText() + " (\"format\")");
            case "maxItems":
                return error(at, "has " + value.size() + " items", "at most " + rule.asInt() + " items", keyword,
                        "has more items than \"maxItems\" allows");
            case "minItems":
                return error(at, "has " + value.size() + " items", "at least " + rule.asInt() + " items", keyword,
                        "has fewer items than \"minItems\" allows");
            case "uniqueItems":
                return error(at, "contains the same item twice", "each item at most once", keyword,
                        "contains the same item twice (\"uniqueItems\")");
            case "oneOf":
                return error(at, "matches none or several of the allowed shapes", "exactly one alternative to hold", keyword,
                        "matches none or several of the shapes allowed by \"oneOf\"");
            case "false":
                // A property a condition rules out ("then": {"properties": {"x": false}}), e.g. alsoCovers on a refusal.
                return error(at, "is not allowed here", "no such property in a document of this kind", keyword,
                        "property is not allowed here (schema \"false\")");
            default: {
                // The library's own message may quote the value: only the submitter sees it.
                String expected = keyword.isEmpty() ? null : "see schema keyword \"" + keyword + "\"";
                return error(at, e.getMessage().replaceFirst("^\\S+: ", ""), expected, keyword.isEmpty() ? "schema" : keyword,
                        keyword.isEmpty() ? "value breaks the schema" : "value breaks the rule \"" + keyword + "\"");
            }
        }
    }

    /** An error whose pointer and "expected" come from the schema, with a redacted problem naming the rule. */
    private static ValidationError error(String at, String problem, String expected, String rule, String redactedProblem) {
        return new ValidationError(at, problem, expected, new Redacted(at, rule, redactedProblem, expected));
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
