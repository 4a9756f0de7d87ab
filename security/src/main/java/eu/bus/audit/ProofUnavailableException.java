package eu.bus.audit;

/** No inclusion proof can be made now: no checkpoint covers the record yet, or the record does not exist. */
public final class ProofUnavailableException extends Exception {

    public ProofUnavailableException(String message) {
        super(message);
    }
}
