package eu.bus.rest;

import java.time.Duration;

/**
 * Time limits of the JDK HTTP server, which has no API for them, only system properties read once
 * per JVM when its first server is created. Without them a client that sends its request headers a
 * byte at a time (slowloris) holds a connection, and with a few of them all handler threads, forever.
 * <ul>
 *   <li>{@code sun.net.httpserver.maxReqTime}: from accepting the connection (TLS handshake included)
 *       until the request, headers and body, is read; the connection is closed when it is over;</li>
 *   <li>{@code sun.net.httpserver.maxRspTime}: from then until the response is written; when it is over
 *       the connection is closed, but the handler is not interrupted (a submission goes on, and its
 *       message may still be sent: a send waits up to 30 s for the broker's confirmation).</li>
 * </ul>
 * A value given on the command line ({@code -Dsun.net.httpserver.maxReqTime=...}) is kept.
 */
final class RequestTimeouts {

    /** Ample for headers and a 50 MiB body over loopback. */
    static final Duration REQUEST = Duration.ofSeconds(15);
    static final Duration RESPONSE = Duration.ofSeconds(120);

    private static final String MAX_REQUEST = "sun.net.httpserver.maxReqTime";
    private static final String MAX_RESPONSE = "sun.net.httpserver.maxRspTime";

    private RequestTimeouts() {
    }

    /** Sets the limits unless already set; call before the first server of the JVM is created. */
    static void apply() {
        setIfAbsent(MAX_REQUEST, REQUEST);
        setIfAbsent(MAX_RESPONSE, RESPONSE);
    }

    /** The request limit in force (what a slow client gets). */
    static Duration request() {
        return Duration.ofSeconds(Long.parseLong(System.getProperty(MAX_REQUEST, String.valueOf(REQUEST.toSeconds()))));
    }

    private static void setIfAbsent(String property, Duration limit) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(limit.toSeconds()));
        }
    }
}
