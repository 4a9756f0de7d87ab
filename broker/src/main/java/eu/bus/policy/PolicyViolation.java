package eu.bus.policy;

/** A message breaks an exchange rule; the message says which rule and what the sender can do. */
public final class PolicyViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    public PolicyViolation(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** A short stable name of the rule, for dead-letter headers, audit records and metrics. */
    public String rule() {
        return rule;
    }
}
