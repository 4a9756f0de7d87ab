package eu.bus.verify;

/**
 * The first thing wrong with what was verified: where (a record, a checkpoint, a witnessed checkpoint, the
 * archive), its index there (a witnessed checkpoint's is its tree size), and what is wrong in words.
 */
record Problem(Where where, long index, String message) {

    enum Where { RECORD, CHECKPOINT, WITNESSED, ARCHIVE }

    /** Thrown by the checks to stop at the first problem. */
    static final class Found extends Exception {
        final Problem problem;

        Found(Where where, long index, String message) {
            super(message, null, false, false);
            this.problem = new Problem(where, index, message);
        }
    }

    String describe() {
        return switch (where) {
            case WITNESSED -> "FAILED against the witnessed checkpoint of " + index + " records: " + message;
            case ARCHIVE -> "FAILED in the archive: " + message;
            default -> "FAILED at " + where.name().toLowerCase(java.util.Locale.ROOT) + " " + index + ": " + message;
        };
    }
}
