package eu.bus.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of message the bus carries. The wire name is also the folder of the type's payload
 * schema under {@code schemas/json/}; the versions listed are those shipped in that folder.
 */
public enum MessageType {
    INTELLIGENCE_REPORT("intelligence-report", "Intelligence report from a national team or unit", "1.0"),
    CASE_OPEN("case-open", "Opens a cross-border case and names its participants", "1.0"),
    CASE_UPDATE("case-update", "Adds or removes case participants, records progress", "1.0"),
    CASE_CLOSE("case-close", "Closes a case with its outcome", "1.0"),
    ASSISTANCE_REQUEST("assistance-request", "Asks another party for assistance by a deadline", "1.0"),
    ASSISTANCE_RESPONSE("assistance-response", "Answers an assistance request", "1.0"),
    VICTIM_REFERRAL("victim-referral", "Cross-border referral of a victim for protection and assistance", "1.0"),
    FINANCIAL_INFORMATION("financial-information", "Financial investigation information", "1.0"),
    JIT_INVITATION("jit-invitation", "Invitation to form a joint investigation team", "1.0"),
    DELIVERY_RECEIPT("delivery-receipt", "Signed acknowledgement that one or more messages were delivered", "1.0", "1.1"),
    FORWARDED_MESSAGE("forwarded-message", "A message forwarded onward with the original signed message inside", "1.0");

    private final String wireName;
    private final String description;
    private final List<String> versions;

    MessageType(String wireName, String description, String... versions) {
        this.wireName = wireName;
        this.description = description;
        this.versions = List.of(versions);
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    /** Payload schema versions this build understands, oldest first. */
    public List<String> versions() {
        return versions;
    }

    public String latestVersion() {
        return versions.get(versions.size() - 1);
    }

    public boolean isCaseLifecycle() {
        return this == CASE_OPEN || this == CASE_UPDATE || this == CASE_CLOSE;
    }

    public static Optional<MessageType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    static MessageType parse(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown message type '" + name + "'"));
    }
}
