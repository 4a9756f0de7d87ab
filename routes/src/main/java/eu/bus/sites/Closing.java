package eu.bus.sites;

/**
 * Whether a {@link SiteNetwork} is shutting down. Once it is (its close, or Ctrl-C), none of its processes may start
 * again: a script still running on another thread would otherwise restart what the shutdown just stopped.
 */
final class Closing {

    private volatile boolean closing;

    void begin() {
        closing = true;
    }

    void refuseIfClosing(String what) {
        if (closing) {
            throw new IllegalStateException("not starting " + what + ": the sites are shutting down");
        }
    }
}
