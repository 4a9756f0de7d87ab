package eu.bus.rest;

import eu.bus.validation.ValidationError;
import java.util.List;

/**
 * A request the API refuses, with the HTTP status and the JSON error body it becomes:
 * {@code {"error": ..., "rule": ..., "errors": [{pointer, problem, expected}]}}.
 */
class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String rule;
    private final transient List<ValidationError> errors;

    ApiException(int status, String rule, String message, List<ValidationError> errors) {
        super(message);
        this.status = status;
        this.rule = rule;
        this.errors = List.copyOf(errors);
    }

    ApiException(int status, String rule, String message) {
        this(status, rule, message, List.of());
    }

    int status() {
        return status;
    }

    String rule() {
        return rule;
    }

    List<ValidationError> errors() {
        return errors;
    }
}
