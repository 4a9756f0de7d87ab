package eu.bus.operator;

/**
 * Who asks for an action and why, as the audit record states it. The bus authenticates the node (its client
 * certificate); {@code operator} is the name the client declared (the CLI sends the local user name), recorded
 * as declared.
 */
public record OperatorAction(String node, String operator, String reason) {

    private static final int MAX_REASON = 500;

    /** A reason is required: the audit record must say why. */
    public OperatorAction {
        if (reason == null || reason.isBlank()) {
            throw OperatorRefusal.invalid("reason-required", "a reason is required: the audit log records who did this and why"
                    + " (e.g. --reason \"ticket 4711: sender confirmed a corrupt copy\")");
        }
        if (reason.length() > MAX_REASON) {
            throw OperatorRefusal.invalid("reason-required", "the reason is " + reason.length() + " characters; at most "
                    + MAX_REASON);
        }
        reason = reason.strip();
    }

    /** The audit record's user field: the declared operator and the node whose certificate vouched for the request. */
    public String user() {
        return who(node, operator);
    }

    static String who(String node, String operator) {
        return (operator == null ? "unnamed operator" : operator) + " via " + node + "'s client certificate";
    }
}
