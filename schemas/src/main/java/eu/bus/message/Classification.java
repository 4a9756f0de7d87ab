package eu.bus.message;

/** Security classification, lowest first, so {@code compareTo} orders by sensitivity. */
public enum Classification {
    BASIC,
    RESTRICTED,
    CONFIDENTIAL;

    public boolean isAbove(Classification other) {
        return compareTo(other) > 0;
    }

    /** Whether this protects at least as much as {@code other} (a wrapper around it may not go lower). */
    public boolean isAtLeast(Classification other) {
        return compareTo(other) >= 0;
    }
}
