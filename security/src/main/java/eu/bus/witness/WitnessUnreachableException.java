package eu.bus.witness;

/** No answer from a witness (down, unreachable, too slow); the node asks again at its next round. */
public final class WitnessUnreachableException extends Exception {

    public WitnessUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
