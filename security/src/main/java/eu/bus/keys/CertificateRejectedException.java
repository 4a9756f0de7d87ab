package eu.bus.keys;

import eu.bus.envelope.EnvelopeException;

/**
 * A certificate failed validation against the bus CA and CRL. Extends {@link EnvelopeException} so that
 * callers of {@code MessageOpener.open} catch one type; the subclasses say which check failed.
 */
public abstract class CertificateRejectedException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    protected CertificateRejectedException(String message) {
        super(message);
    }

    protected CertificateRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
