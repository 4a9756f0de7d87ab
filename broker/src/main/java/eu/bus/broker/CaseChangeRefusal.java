package eu.bus.broker;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;

/**
 * Why the broker refused a case change, with a short stable code (the same rule names the gateway
 * uses, e.g. {@code case-exists}). It reaches the requesting node as the text of the send's
 * security exception, the only channel a refused send has, and is read back from it there.
 */
public record CaseChangeRefusal(String code, String reason) {

    private static final String PREFIX = "case change refused ";
    private static final Pattern FORMAT = Pattern.compile(Pattern.quote(PREFIX) + "\\[([a-z-]+)\\]: (.*)", Pattern.DOTALL);

    public ActiveMQSecurityException toException() {
        return new ActiveMQSecurityException(PREFIX + "[" + code + "]: " + reason);
    }

    /** The refusal somewhere in a send failure's causes, if the failure was one. */
    public static Optional<CaseChangeRefusal> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = t.getMessage() == null ? null : FORMAT.matcher(t.getMessage());
            if (m != null && m.find()) {
                return Optional.of(new CaseChangeRefusal(m.group(1), m.group(2).trim()));
            }
        }
        return Optional.empty();
    }
}
