package eu.bus.audit;

/** A checkpoint's signature, certificate or signer does not hold up. */
public final class CheckpointInvalidException extends Exception {

    public CheckpointInvalidException(String message) {
        super(message);
    }
}
