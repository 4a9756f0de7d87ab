package eu.bus.broker;

import java.util.Set;

/**
 * The names of the message properties the bus puts on the wire, in one place for the gateways that
 * set and read them and the broker that checks them. The body is always the CMS bytes.
 */
public final class WireProperties {

    /** The clear header as canonical JSON text. */
    public static final String HEADER = "busHeader";
    public static final String MESSAGE_ID = "busMessageId";
    /** The sending node; the broker refuses any other value than the authenticated node. */
    public static final String SENDER = "busSender";
    public static final String CASE_ID = "busCaseId";
    /** Artemis duplicate detection: the message id, so a resend or replay is dropped by the broker. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** On dead-lettered messages: a short code, the full reason, the refusing node, the node the broker says sent it. */
    public static final String REJECT_CODE = "busRejectCode";
    public static final String REJECT_REASON = "busRejectReason";
    public static final String REJECTED_BY = "busRejectedBy";
    public static final String REJECTED_FROM = "busRejectedFrom";

    /** On a witness request and its answer: the request's id, which the answer repeats, and the answer's status (only answers have one). */
    public static final String WITNESS_REQUEST = "busWitnessRequest";
    public static final String WITNESS_STATUS = "busWitnessStatus";

    /** What a gateway sends with every message (a case lifecycle message also gets {@link CaseDecision#PROPERTY}). */
    public static final Set<String> MESSAGE = Set.of(HEADER, MESSAGE_ID, SENDER, CASE_ID, DUPLICATE_ID);

    /** A replay on a node's replay queue (bus audit replay --to-queue): what it replays, and that it is one. */
    public static final String REPLAY = "busReplay";
    public static final String REPLAY_OF = "busReplayOf";
    public static final String REPLAY_HEADER = "busReplayHeader";
    public static final String REPLAY_RECEIVED_AT = "busReplayReceivedAt";
    public static final String REPLAY_DIGEST = "busReplayDigest";
    public static final String REPLAYED_AT = "busReplayedAt";
    public static final Set<String> REPLAYED = Set.of(REPLAY, REPLAY_OF, REPLAY_HEADER, REPLAY_RECEIVED_AT, REPLAY_DIGEST, REPLAYED_AT);
    /** What a gateway adds when it dead-letters a message. */
    public static final Set<String> DEAD_LETTER = Set.of(REJECT_CODE, REJECT_REASON, REJECTED_BY, REJECTED_FROM);
    /** What a node sends with a witness request or answer (both to a witness queue: the witness's, the asker's). */
    public static final Set<String> WITNESS = Set.of(WITNESS_REQUEST, WITNESS_STATUS, SENDER);

    private WireProperties() {
    }
}
