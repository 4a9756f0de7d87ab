package eu.bus.config;

import java.nio.file.Path;

/**
 * A configuration file that cannot be used, with where (the file and the key), why, and how to fix it:
 * {@code node.json: broker.port: must be between 1 and 65535, was 70000}.
 */
public final class ConfigException extends IllegalArgumentException {

    ConfigException(Path file, String key, String problem) {
        super(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }
}
