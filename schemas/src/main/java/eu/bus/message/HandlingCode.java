package eu.bus.message;

/**
 * SIENA-style handling codes: what the recipient may do with the information. H0, H1 and H2 are
 * declared from least to most restrictive (each adds a condition); H3's conditions are whatever the
 * provider restrictions state, so it is comparable only with itself.
 */
public enum HandlingCode {
    H0("use only to prevent or combat crime"),
    H1("not to be used as evidence in court without the provider's consent"),
    H2("no onward dissemination without the provider's consent"),
    H3("other restrictions, stated in the provider restrictions");

    private final String meaning;

    HandlingCode(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }

    /**
     * Whether this code restricts at least as much as {@code other}: the one ordering of handling codes,
     * used e.g. so that a forwarded-message never carries weaker handling than the original inside it.
     */
    public boolean isAtLeastAsRestrictiveAs(HandlingCode other) {
        if (this == H3 || other == H3) {
            return this == other;
        }
        return compareTo(other) >= 0;
    }

    /** Whether forwarding beyond the named recipients needs the provider's recorded consent. */
    public boolean forbidsOnwardDissemination() {
        return this == H2;
    }
}
