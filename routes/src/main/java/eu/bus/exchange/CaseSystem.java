package eu.bus.exchange;

/**
 * The national case management system a node delivers opened messages to. The default writes JSON
 * files into a directory; a real deployment plugs its own (another Camel endpoint, a database).
 */
public interface CaseSystem {

    /** Delivers durably or throws; the bus acknowledges the broker message only after this returns. */
    void deliver(Incoming message);
}
