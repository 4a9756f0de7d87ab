package eu.bus.validation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * One thing wrong with a message: where (a JSON pointer into the document, "" for the document
 * itself), what is wrong, and what was expected instead.
 *
 * <p>It has two renderings, because a receiving node holds decrypted plaintext that must not leave the
 * envelope:
 * <ul>
 *   <li>{@link #describe()}, for the submitter's own answer (CLI, REST response, the drop directory's
 *       {@code .error} file): it may quote the submitter's own data, which helps to fix it;</li>
 *   <li>{@link #redacted()}, for everything else (broker properties, logs, audit records, dead
 *       letters): the pointer, the rule and what the schema expected, never a value or property name
 *       taken from the document.</li>
 * </ul>
 *
 * @param redactedForm the parts of {@link #redacted()}; left out of JSON so the CLI's {@code --json}
 *                     output keeps its shape
 */
public record ValidationError(String pointer, String problem, String expected, @JsonIgnore Redacted redactedForm) {

    /** What the redacted rendering is built from: nothing in it comes from the document. */
    public record Redacted(String pointer, String rule, String problem, String expected) {

        public Redacted {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(problem, "problem");
        }

        /** One line, e.g. {@code /header/handlingCode: value is not allowed by "enum" (expected one of H0, H1, H2, H3)}. */
        public String describe() {
            return line(pointer, problem, expected);
        }
    }

    public ValidationError {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(redactedForm, "redactedForm: every error needs a rendering that is safe to log");
    }

    /**
     * Only for problems whose text takes nothing from the document (sizes, limits, encodings):
     * both renderings are the same text.
     */
    public ValidationError(String pointer, String problem, String expected) {
        this(pointer, problem, expected, new Redacted(pointer, "input", problem, expected));
    }

    /** As {@link #ValidationError(String, String, String)}, naming the kind of problem for the redacted form. */
    static ValidationError withoutDocumentContent(String pointer, String rule, String problem, String expected) {
        return new ValidationError(pointer, problem, expected, new Redacted(pointer, rule, problem, expected));
    }

    /** One line for the submitter: {@code /header/handlingCode: "H7" is not allowed (expected one of H0, H1, H2, H3)}. */
    public String describe() {
        return line(pointer, problem, expected);
    }

    /**
     * One line that is safe to log, audit or put into a broker property:
     * {@code /header/handlingCode: value is not allowed by "enum" (expected one of H0, H1, H2, H3)}.
     */
    public String redacted() {
        return redactedForm.describe();
    }

    private static String line(String pointer, String problem, String expected) {
        String where = pointer.isEmpty() ? "(document)" : pointer;
        return expected == null || expected.isEmpty()
                ? where + ": " + problem
                : where + ": " + problem + " (expected " + expected + ")";
    }
}
