package eu.bus.validation;

import eu.bus.message.Json;

/**
 * Bounds on what the validator reads before any schema runs, so hostile input cannot exhaust a node.
 *
 * @param maxBytes largest accepted document; the default is SIENA's 50 MiB per message
 */
public record ValidationLimits(long maxBytes) {

    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;

    public ValidationLimits {
        if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be between 1 and " + (Integer.MAX_VALUE - 8) + ", was " + maxBytes);
        }
    }

    public static ValidationLimits defaults() {
        return new ValidationLimits(DEFAULT_MAX_BYTES);
    }

    public int maxNestingDepth() {
        return Json.MAX_NESTING_DEPTH;
    }
}
