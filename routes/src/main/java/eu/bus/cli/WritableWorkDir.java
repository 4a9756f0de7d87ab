package eu.bus.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The work directory of a command that writes there ({@code bus run}, {@code bus broker}, {@code bus keys
 * init}): created when missing; a path that is a file, cannot be created or is not writable is refused
 * before anything starts, saying what is wrong and what to do.
 */
final class WritableWorkDir {

    private WritableWorkDir() {
    }

    /** Creates {@code dir} (absolute) unless it exists; refuses it with what to do when it cannot be used. */
    static Path create(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the work directory " + dir + " is a file, not a directory: "
                    + choose());
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the work directory " + dir + " (" + reason(e) + "): "
                    + choose(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("the work directory " + dir + " is not writable by this user: "
                    + choose() + ", or make it writable (chmod u+w " + dir + ")");
        }
        return dir;
    }

    private static String choose() {
        return "choose a writable --workdir (or set " + WorkDirOption.VARIABLE + ")";
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: the file system there does not allow it";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is a file, not a directory";
        }
        return e.getMessage();
    }
}
