package eu.bus.archive;

/** The archive could not be read or written; the message names the file. */
public final class ArchiveStorageException extends RuntimeException {

    public ArchiveStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public ArchiveStorageException(String message) {
        super(message);
    }
}
