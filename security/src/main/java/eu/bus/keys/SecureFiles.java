package eu.bus.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes key material atomically (temp file + rename), private material owner-only from the moment
 * the file exists: setting permissions after writing would leave a window where others could read it.
 * The permission attributes are shared with other private files of the bus (delivered messages, the
 * drop directory's outcomes).
 */
public final class SecureFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private SecureFiles() {
    }

    /** The attribute that creates a file or directory with these permissions; none where the file system has no POSIX permissions. */
    public static FileAttribute<?>[] withPermissions(Set<PosixFilePermission> permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    /** Creates the missing directories of {@code dir} owner-only (0700) from the start; existing ones are left as they are. */
    public static void createOwnerOnlyDirectories(Path dir) throws IOException {
        Files.createDirectories(dir, withPermissions(OWNER_ONLY_DIRECTORY));
    }

    public static void writePrivate(Path file, byte[] content) {
        write(file, content, OWNER_ONLY);
    }

    static void writePublic(Path file, byte[] content) {
        write(file, content, PUBLIC);
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] content, Set<PosixFilePermission> permissions) {
        Path dir = file.toAbsolutePath().getParent();
        createDirectories(dir);
        try {
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", withPermissions(permissions));
            try {
                Files.write(tmp, content);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
