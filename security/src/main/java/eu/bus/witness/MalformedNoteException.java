package eu.bus.witness;

/** A signed note, checkpoint or witness request that does not follow its C2SP format; the message says where. */
public final class MalformedNoteException extends IllegalArgumentException {

    public MalformedNoteException(String message) {
        super(message);
    }
}
