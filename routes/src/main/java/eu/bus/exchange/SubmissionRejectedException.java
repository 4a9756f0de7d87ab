package eu.bus.exchange;

import eu.bus.validation.ValidationError;
import java.util.List;

/**
 * A submitted message was refused before anything was sent: invalid, too large, or against a
 * policy rule. Nothing left the node; the audit log has a REJECTED record with the reason.
 */
public final class SubmissionRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The rule of a message id already used by this node for other content (REST answers 409). */
    public static final String MESSAGE_ID_REUSED = MessageIdReuse.RULE;

    private final String rule;
    private final transient List<ValidationError> errors;

    public SubmissionRejectedException(String rule, String message, List<ValidationError> errors) {
        super(message);
        this.rule = rule;
        this.errors = List.copyOf(errors);
    }

    /** "invalid" for schema and input errors, otherwise the policy rule's name. */
    public String rule() {
        return rule;
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
