package eu.bus.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * The node registry of a running process, following {@code registry.json} the way {@link BusTrust} follows
 * {@code crl.pem}: each {@link #current()} compares the file's modification time, size and identity (one
 * stat, a few microseconds) and reloads a changed file, so {@code bus keys rotate} takes effect without a restart. A changed file that
 * cannot be loaded is logged once and the previous registry kept; it is tried again when it changes again.
 * ({@code bus keys} replaces the file atomically, so a half-written file is never read.)
 */
public final class LiveRegistry {

    private static final System.Logger LOG = System.getLogger(LiveRegistry.class.getName());

    private final Path pkiDir;
    private final Path file;
    private volatile NodeRegistry registry;
    private volatile Stamp seen;

    private LiveRegistry(Path pkiDir, NodeRegistry registry, Stamp seen) {
        this.pkiDir = pkiDir;
        this.file = new PkiLayout(pkiDir).registry();
        this.registry = registry;
        this.seen = seen;
    }

    /** Loads {@code pkiDir}/registry.json (a failure here is the caller's to report) and follows it from then on. */
    public static LiveRegistry follow(Path pkiDir) {
        Stamp seen = modified(new PkiLayout(pkiDir).registry());
        return new LiveRegistry(pkiDir, NodeRegistry.load(pkiDir), seen);
    }

    public Path pkiDir() {
        return pkiDir;
    }

    /** The registry as the file says now (or as it last said in a form that could be loaded). */
    public NodeRegistry current() {
        Stamp modified = modified(file);
        if (modified != null && !modified.equals(seen)) {
            reload(modified);
        }
        return registry;
    }

    private synchronized void reload(Stamp modified) {
        if (modified.equals(seen)) {
            return;
        }
        seen = modified; // also for a failure: log it once, not on every check, and retry at the next change
        try {
            registry = NodeRegistry.load(pkiDir);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot load the changed node registry " + file + " (" + e.getMessage()
                    + "); keeping the previous one until the file changes again");
        }
    }

    /** What tells one version of the file from the next: an atomic replacement is a new file (new key). */
    private record Stamp(FileTime modified, long size, Object key) {
    }

    private static Stamp modified(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (IOException e) {
            return null;
        }
    }
}
