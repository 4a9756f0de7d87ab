package eu.bus.operator;

/** A request an operator tool cannot answer, with what to do instead; the REST API maps the kind to a status. */
public final class OperatorRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Unknown id (404), a bad filter or missing argument (400), an action that does not apply to this entry (409). */
    public enum Kind { NOT_FOUND, INVALID, CONFLICT }

    private final Kind kind;
    private final String rule;

    public OperatorRefusal(Kind kind, String rule, String message) {
        super(message);
        this.kind = kind;
        this.rule = rule;
    }

    public Kind kind() {
        return kind;
    }

    public String rule() {
        return rule;
    }

    static OperatorRefusal notFound(String rule, String message) {
        return new OperatorRefusal(Kind.NOT_FOUND, rule, message);
    }

    static OperatorRefusal invalid(String rule, String message) {
        return new OperatorRefusal(Kind.INVALID, rule, message);
    }

    static OperatorRefusal conflict(String rule, String message) {
        return new OperatorRefusal(Kind.CONFLICT, rule, message);
    }
}
