package eu.bus.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory force that fails must reach the caller: the entries in it may not be durable. */
class DurableTest {

    @TempDir
    Path dir;

    @Test
    void shouldFailWhenDirectoryToForceDoesNotExist() {
        Path missing = dir.resolve("missing");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Durable.forceDirectory(missing));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void shouldFailWhenPathToForceIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file.log"), "not a directory");
        NotDirectoryException e = assertThrows(NotDirectoryException.class, () -> Durable.forceDirectory(file));
        assertTrue(e.getMessage().contains("it is not a directory"), e.getMessage());
    }

    @Test
    void shouldPutFilesInPlaceWhenTheirDirectoryIsForced() throws IOException {
        Path target = dir.resolve("a.der");
        Durable.writeAll(List.of(new Durable.Content(target, new byte[] {1, 2, 3})), false);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        try (var left = Files.list(dir)) {
            assertTrue(left.allMatch(target::equals), "no temporary file is left behind");
        }
    }
}
