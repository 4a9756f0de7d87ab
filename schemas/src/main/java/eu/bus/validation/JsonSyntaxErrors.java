package eu.bus.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import eu.bus.validation.ValidationError.Redacted;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JSON parser's failures into {@link ValidationError}s in the bus's own words. The
 * parser's messages quote the offending token and name its classes and settings, so they are never
 * passed on: the submitter gets the kind of problem, where, and the offending text (its own data);
 * the redacted form gets the kind of problem and where, nothing else.
 */
final class JsonSyntaxErrors {

    private static final String RULE = "json-syntax";
    private static final int QUOTE_LIMIT = 60;
    /** The bus sets only the nesting depth ({@link eu.bus.message.Json}); the other caps are the parser's defaults. */
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.defaults();

    /** What went wrong, how to say it, and how to find the offending text in the parser's message (group 1). */
    private enum Kind {
        DUPLICATE_KEY("duplicate key", "each key at most once per object (two readers could pick different values)",
                "^Duplicate (?:field|Object property) '(.*)'"),
        UNRECOGNISED_WORD("unrecognised word", "a string in double quotes, a number, an object, an array, true, false or null",
                "^Unrecognized token '(.*)': was expecting"),
        NON_STANDARD_NUMBER("NaN and Infinity are not JSON numbers", "a finite number", "^Non-standard token '(.*)'"),
        UNEXPECTED_CHARACTER("unexpected character", "a well-formed JSON document (keys and strings in double quotes, no trailing commas or comments)",
                "^Unexpected character \\('(.*)' \\(code \\d+\\)\\)"),
        UNEXPECTED_CLOSE("unexpected closing bracket", "brackets that match: } closes {, ] closes [", "^Unexpected close marker '(.)'"),
        CONTROL_CHARACTER("control character inside a string", "control characters written as escapes such as \\n, \\t or \\u0000",
                "^Illegal unquoted character \\(\\((.*)\\)\\)"),
        BAD_ESCAPE("invalid escape sequence in a string", "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
                "^Unrecognized character escape '(.*)'"),
        BAD_NUMBER("invalid number", "a JSON number (no leading zeroes, digits after the sign, point and exponent)",
                "^(?:Invalid numeric value|Numeric value)()"),
        TRUNCATED("the document ends before it is complete", "a complete JSON document (look for a missing closing bracket or quote)", null),
        TRAILING_DATA("more data follows the end of the document", "exactly one JSON document per message", null),
        OTHER("the text is not well-formed JSON", "a well-formed JSON document", null);

        final String problem;
        final String expected;
        final Pattern detail;

        Kind(String problem, String expected, String detail) {
            this.problem = problem;
            this.expected = expected;
            this.detail = detail == null ? null : Pattern.compile(detail, Pattern.DOTALL);
        }
    }

    private JsonSyntaxErrors() {
    }

    static ValidationError from(JsonProcessingException e, int maxNestingDepth) {
        if (e instanceof StreamConstraintsException) {
            return limitExceeded(e, maxNestingDepth);
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Kind kind = kindOf(e, message);
        String offending = offendingText(kind, message).map(text -> " " + text).orElse("");
        String where = where(e.getLocation());
        return new ValidationError("", "malformed JSON" + where + ": " + kind.problem + offending, kind.expected,
                new Redacted("", RULE, "malformed JSON" + where + ": " + kind.problem, kind.expected));
    }

    private static Kind kindOf(JsonProcessingException e, String message) {
        if (e instanceof JsonEOFException) {
            return Kind.TRUNCATED;
        }
        if (e instanceof MismatchedInputException && message.startsWith("Trailing token")) {
            return Kind.TRAILING_DATA;
        }
        for (Kind kind : Kind.values()) {
            if (kind.detail != null && kind.detail.matcher(message).find()) {
                return kind;
            }
        }
        return Kind.OTHER;
    }

    /** The offending text as the submitter wrote it, quoted and shortened; only for the detailed form. */
    private static Optional<String> offendingText(Kind kind, String message) {
        if (kind.detail == null) {
            return Optional.empty();
        }
        Matcher m = kind.detail.matcher(message);
        if (!m.find() || m.group(1).isEmpty()) {
            return Optional.empty();
        }
        String text = m.group(1);
        if (kind == Kind.CONTROL_CHARACTER) {
            // the parser writes "CTRL-CHAR, code 9"
            Matcher code = Pattern.compile("code (\\d+)").matcher(text);
            return code.find() ? Optional.of(String.format("U+%04X", Integer.parseInt(code.group(1)))) : Optional.empty();
        }
        return Optional.of("\"" + printable(text) + "\"");
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(QUOTE_LIMIT).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("U+%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > QUOTE_LIMIT ? out + "..." : out.toString();
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** The parser's read limits: nesting depth (the bus's own), and its built-in caps on string, number and name length. */
    private static ValidationError limitExceeded(JsonProcessingException e, int maxNestingDepth) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Document nesting depth")) {
            return ValidationError.withoutDocumentContent("", "nesting", "the document is nested deeper than " + maxNestingDepth + " levels",
                    "at most " + maxNestingDepth + " levels of objects and arrays");
        }
        return ValidationError.withoutDocumentContent("", "json-limits",
                "a string, number or property name" + where(e.getLocation()) + " is longer than the parser accepts",
                "strings of at most " + LIMITS.getMaxStringLength() + " characters, numbers of at most " + LIMITS.getMaxNumberLength()
                        + " digits, property names of at most " + LIMITS.getMaxNameLength() + " characters");
    }
}
