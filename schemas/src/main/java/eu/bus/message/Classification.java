package eu.bus.message;

/** Security classification, lowest first, so {@code compareTo} orders by sensitivity. */
public enum Classification {
    BASIC,
    RESTRICTED,
    CONFIDENTIAL;

    public boolean isAbove(Classification other) {
        return compareTo(other) > 0;
    }
}
