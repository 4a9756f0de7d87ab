package eu.bus.message;

/** Machine-readable provider restrictions; {@link #OTHER} carries its meaning in free text. */
public enum RestrictionCode {
    /** Must not be forwarded to Europol (normally intelligence goes there). */
    NO_FORWARD_TO_EUROPOL,
    /** Must not be forwarded to anyone beyond the named recipients. */
    NO_ONWARD_DISSEMINATION,
    /** Must not be used as evidence in court. */
    NO_COURT_USE,
    /** The provider must be consulted before any action is taken on it. */
    CONSULT_BEFORE_ACTION,
    OTHER
}
