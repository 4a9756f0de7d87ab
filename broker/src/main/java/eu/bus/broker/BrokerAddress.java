package eu.bus.broker;

/** Where a bus broker listens: what {@code bus run --broker HOST:PORT} names and {@code bus broker} announces. */
public record BrokerAddress(String host, int port) {

    public BrokerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a broker address needs a host, as in 127.0.0.1:" + BrokerSettings.DEFAULT_PORT);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a broker port is between 1 and 65535, was " + port);
        }
    }

    /** Reads {@code HOST:PORT}, e.g. {@code 127.0.0.1:61617}. */
    public static BrokerAddress parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("the broker address must be HOST:PORT, e.g. 127.0.0.1:"
                    + BrokerSettings.DEFAULT_PORT + "; was '" + text + "'");
        }
        try {
            return new BrokerAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the broker port must be a number in HOST:PORT, was '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
