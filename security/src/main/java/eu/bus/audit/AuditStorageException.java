package eu.bus.audit;

/** The audit log could not be written or read (disk full, permissions, lock held): not a verification result. */
public final class AuditStorageException extends RuntimeException {

    public AuditStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditStorageException(String message) {
        super(message);
    }
}
