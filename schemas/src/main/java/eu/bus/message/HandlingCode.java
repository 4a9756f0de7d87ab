package eu.bus.message;

/** SIENA-style handling codes: what the recipient may do with the information. */
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

    /** Whether forwarding beyond the named recipients needs the provider's recorded consent. */
    public boolean forbidsOnwardDissemination() {
        return this == H2;
    }
}
