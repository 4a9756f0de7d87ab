package eu.bus.broker;

import eu.bus.validation.ValidationLimits;

/**
 * How large a bus message may be on the wire, derived from the one configured message limit (the
 * largest message document a node accepts: REST, drop directory, CLI). The broker refuses anything
 * larger before it stores it, and a gateway checks again before it reads a body into memory, so a
 * hostile node cannot make either hold more than this.
 *
 * @param maxMessageBytes the largest message document (header and payload JSON) a node accepts
 */
public record WireLimits(long maxMessageBytes) {

    /**
     * What CMS adds around a payload at most: per recipient a key-agreement recipient info (about
     * 250 bytes, at most 64 recipients), the signer's certificate and signed attributes, the GCM
     * parameters and tag. Generous, so that no valid message comes near it.
     */
    public static final int ENVELOPE_ALLOWANCE = 64 * 1024;
    /** The clear header as canonical JSON: 64 recipients and 20 restrictions of 1,000 characters fit. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Every property of a message together (the header is one of them). */
    public static final int MAX_PROPERTIES_BYTES = 2 * MAX_HEADER_BYTES;

    public WireLimits {
        long most = Integer.MAX_VALUE - 8 - ENVELOPE_ALLOWANCE;
        if (maxMessageBytes <= 0 || maxMessageBytes > most) {
            throw new IllegalArgumentException("the message limit (--max-message-bytes) must be between 1 and " + most
                    + " bytes, was " + maxMessageBytes + "; the default is " + ValidationLimits.DEFAULT_MAX_BYTES + " (50 MiB)");
        }
    }

    public static WireLimits defaults() {
        return new WireLimits(ValidationLimits.DEFAULT_MAX_BYTES);
    }

    /** The largest protected body (CMS bytes) a node can produce for an accepted document. */
    public long maxBodyBytes() {
        return maxMessageBytes + ENVELOPE_ALLOWANCE;
    }
}
