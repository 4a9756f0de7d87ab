package eu.bus.broker;

/** No bus broker accepted the nodes' connection at the configured address. */
public final class BrokerUnreachableException extends IllegalStateException {

    public BrokerUnreachableException(BrokerAddress address, Throwable cause) {
        super("cannot connect to the bus broker at " + address + " (" + reason(cause) + "). Start one with: bus broker"
                + " --workdir DIR --port " + address.port() + ", and run the nodes with the same PKI (the same --workdir,"
                + " or a copy of its pki/)", cause);
    }

    private static String reason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
