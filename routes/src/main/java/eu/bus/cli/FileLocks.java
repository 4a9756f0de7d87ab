package eu.bus.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Whether a process holds the lock file of a broker journal or an audit log, to say so instead of waiting or failing vaguely. */
final class FileLocks {

    private FileLocks() {
    }

    /**
     * Whether some process (this one included) holds a lock on {@code file}; a missing or unreadable file
     * counts as free. Probe before this process locks the file itself: on POSIX systems, closing the
     * probe's descriptor releases every lock this process holds on the file.
     */
    static boolean held(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
