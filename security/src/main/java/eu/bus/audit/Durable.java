package eu.bus.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** File-system steps whose durability matters, in one place. */
public final class Durable {

    private static final ConcurrentHashMap<Path, SharedForce> DIRECTORIES = new ConcurrentHashMap<>();

    private Durable() {
    }

    /** A file to put in place: where, and its whole content. */
    public record Content(Path target, byte[] bytes) {
    }

    /**
     * Windows cannot open a directory as a file, so Java has no way to fsync one there; NTFS journals its
     * directory entries itself. That is the only case skipped: everywhere else a failed force is an error.
     */
    private static final boolean DIRECTORIES_CANNOT_BE_OPENED = System.getProperty("os.name", "").startsWith("Windows");

    /**
     * Makes created or renamed directory entries survive a power cut. Concurrent callers for one directory
     * share a force: a force that starts after a caller's rename covers it, so a busy directory is forced
     * once per batch rather than once per file.
     *
     * @throws IOException the directory could not be forced (missing, not a directory, or the fsync failed):
     *                     the entries in it may not be durable, so the caller must not report them as stored
     */
    public static void forceDirectory(Path dir) throws IOException {
        DIRECTORIES.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new SharedForce(() -> forceNow(d))).await();
    }

    private static void forceNow(Path dir) throws IOException {
        if (DIRECTORIES_CANNOT_BE_OPENED) {
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            // Opening a regular file would "succeed" and force the wrong thing; a missing one fails to open below.
            throw new NotDirectoryException(dir + " (cannot force its directory entries: it is not a directory)");
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Puts files in place atomically and durably: each is written under a temporary name and forced,
     * then renamed to its target; each directory involved is forced once at the end. A target that
     * already exists is replaced when {@code replace}, else kept as it is (content-addressed callers:
     * the same name means the same bytes, possibly stored by another thread meanwhile).
     */
    public static void writeAll(List<Content> files, boolean replace) throws IOException {
        writeAll(files, replace, new FileAttribute<?>[0]);
    }

    /**
     * As {@link #writeAll(List, boolean)}, each file created with these attributes (e.g. owner-only
     * permissions, {@code SecureFiles.withPermissions}) from the start, so no reader gets in before a chmod.
     */
    public static void writeAll(List<Content> files, boolean replace, FileAttribute<?>... attributes) throws IOException {
        List<Path> temporaries = new ArrayList<>(files.size());
        try {
            for (Content file : files) {
                Path tmp = file.target().resolveSibling(file.target().getFileName() + "." + UUID.randomUUID() + ".tmp");
                temporaries.add(tmp);
                try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                    ByteBuffer buffer = ByteBuffer.wrap(file.bytes());
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
            }
            Set<Path> directories = new LinkedHashSet<>();
            for (int i = 0; i < files.size(); i++) {
                Path target = files.get(i).target();
                moveIntoPlace(temporaries.get(i), target, replace);
                directories.add(target.toAbsolutePath().getParent());
            }
            for (Path directory : directories) {
                forceDirectory(directory);
            }
        } finally {
            for (Path tmp : temporaries) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void moveIntoPlace(Path tmp, Path target, boolean replace) throws IOException {
        if (replace) {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        if (Files.exists(target)) {
            return; // kept: the temporary is deleted by the caller
        }
        try {
            // On POSIX an atomic rename replaces silently; a concurrent writer of the same name wrote the same bytes.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another thread stored the same content first
        }
    }

    static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
            ch.force(true);
        }
    }
}
