package eu.bus.exchange;

/**
 * The national case management system a node delivers opened messages to. The default writes JSON
 * files into a directory; a real deployment plugs its own (another Camel endpoint, a database).
 */
public interface CaseSystem {

    /** Delivers durably or throws; the bus acknowledges the broker message only after this returns. */
    void deliver(Incoming message);

    /**
     * Whether this message (by its id) was delivered already: the node stopped after delivering it and before
     * the broker heard, so the broker delivers it again. The bus then does not deliver it twice. A case system
     * that cannot tell answers false and must accept a message twice (at-least-once).
     */
    default boolean holds(Incoming message) {
        return false;
    }
}
