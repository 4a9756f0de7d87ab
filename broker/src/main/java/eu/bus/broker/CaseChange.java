package eu.bus.broker;

import eu.bus.message.CaseId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A node's request to the broker to change a case's participants: the control message sent to
 * {@link BusAddresses#CASE_CONTROL} before the case-lifecycle message itself goes out. It travels as
 * string properties only (no body, nothing personal): the case, the kind of change, the participants
 * as the requester sees them before and after, and the id of the lifecycle message it belongs to
 * (so a retry of the same message is recognised), the SHA-256 of that message's canonical clear header,
 * and the requester's signature over all of it ({@link CaseChangeSignature}): the broker's decision is
 * bound to exactly one signed lifecycle message.
 *
 * @param before the participants the requester's view has before the change (empty for an open)
 */
public record CaseChange(String caseId, Kind kind, Set<String> participants, Set<String> before, String messageId,
                         String headerDigest, String signature) {

    public enum Kind { OPEN, UPDATE, CLOSE }

    static final String CASE_ID = WireProperties.CASE_ID;
    static final String KIND = "busCaseChange";
    static final String PARTICIPANTS = "busCaseParticipants";
    static final String BEFORE = "busCaseParticipantsBefore";
    static final String MESSAGE_ID = WireProperties.MESSAGE_ID;
    static final String HEADER_DIGEST = "busCaseHeaderDigest";
    static final String SIGNATURE = "busCaseSignature";
    /** Every property a case change travels in. */
    static final Set<String> PROPERTIES = Set.of(CASE_ID, KIND, PARTICIPANTS, BEFORE, MESSAGE_ID, HEADER_DIGEST, SIGNATURE);

    public CaseChange {
        participants = Set.copyOf(new TreeSet<>(participants));
        before = Set.copyOf(new TreeSet<>(before));
    }

    /** An unsigned change for the lifecycle message whose canonical clear header has SHA-256 {@code headerDigest}. */
    public CaseChange(String caseId, Kind kind, Set<String> participants, Set<String> before, String messageId, String headerDigest) {
        this(caseId, kind, participants, before, messageId, headerDigest, null);
    }

    /** The same change signed by the requester ({@link CaseChangeSignature}). */
    public CaseChange signedWith(java.security.PrivateKey signingKey) {
        return new CaseChange(caseId, kind, participants, before, messageId, headerDigest, CaseChangeSignature.sign(this, signingKey));
    }

    /** The message properties that carry this change. */
    public Map<String, String> properties() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(CASE_ID, caseId);
        out.put(KIND, kind.name());
        out.put(PARTICIPANTS, String.join(",", new TreeSet<>(participants)));
        out.put(BEFORE, String.join(",", new TreeSet<>(before)));
        out.put(MESSAGE_ID, messageId);
        if (headerDigest != null) {
            out.put(HEADER_DIGEST, headerDigest);
        }
        if (signature != null) {
            out.put(SIGNATURE, signature);
        }
        return out;
    }

    /** Reads a change from message properties; throws {@link IllegalArgumentException} naming what is missing or wrong. */
    public static CaseChange from(UnaryOperator<String> property) {
        String caseId = required(property, CASE_ID);
        if (!CaseId.isValid(caseId)) {
            // A case id becomes an address and queue name: a wildcard would subscribe to every case.
            throw new IllegalArgumentException(CASE_ID + " '" + caseId + "' is not a case id (CASE-YYYY-NNNNNN)");
        }
        String kind = required(property, KIND);
        String messageId = required(property, MESSAGE_ID);
        Kind parsed;
        try {
            parsed = Kind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KIND + " must be one of " + Arrays.toString(Kind.values()) + ", not '" + kind + "'");
        }
        return new CaseChange(caseId, parsed, nodes(required(property, PARTICIPANTS)), nodes(property.apply(BEFORE)), messageId,
                required(property, HEADER_DIGEST), required(property, SIGNATURE));
    }

    private static String required(UnaryOperator<String> property, String name) {
        String value = property.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a case change needs the property " + name);
        }
        return value;
    }

    private static Set<String> nodes(String list) {
        Set<String> nodes = new TreeSet<>();
        if (list != null) {
            Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(nodes::add);
        }
        return nodes;
    }
}
