package eu.bus.witness;

import java.security.PublicKey;
import java.util.List;

/** The logs a witness follows: for an origin, the keys that may sign its checkpoints now (none: not followed). */
@FunctionalInterface
public interface LogKeys {

    /** @return the keys, each with the key name its signature line carries; empty when the origin is unknown */
    List<LogKey> keysOf(String origin);

    /** A key that may sign an origin's checkpoints, under the key name of its signature lines. */
    record LogKey(String name, PublicKey key) {
    }
}
