package eu.bus.exchange;

import eu.bus.audit.Durable;
import eu.bus.keys.SecureFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code done/} or {@code failed/} under a drop directory. Whoever can write the outbox can also put
 * things there, so the bus creates it owner-only (0700) itself, refuses it when it is a link, not a
 * directory or not the bus user's own, never overwrites a name in it, and creates its {@code .error}
 * files without following links.
 */
final class OutcomeDirectory {

    static final String ERROR_SUFFIX = ".error";
    private static final int MAX_NAME_ATTEMPTS = 10_000;
    private static final OptionalLong BUS_UID = processUid();

    private final Path dir;

    OutcomeDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates the directory if it is missing; empty when it can be used, otherwise why not. */
    Optional<String> problem() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            try {
                Files.createDirectory(dir, SecureFiles.withPermissions(SecureFiles.OWNER_ONLY_DIRECTORY));
                return Optional.empty();
            } catch (FileAlreadyExistsException raced) {
                attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
        }
        if (attrs.isSymbolicLink()) {
            return Optional.of(dir + " is a symbolic link; the bus moves messages only into a directory of its own");
        }
        if (!attrs.isDirectory()) {
            return Optional.of(dir + " is not a directory");
        }
        if (BUS_UID.isPresent() && ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue() != BUS_UID.getAsLong()) {
            return Optional.of(dir + " belongs to another user than the one running the bus, who could read what is moved there");
        }
        return Optional.empty();
    }

    /** Moves {@code file} (a link itself, never its target) in under a name not yet taken; returns where it went. */
    Path moveIn(Path file) throws IOException {
        Path target = freeName(file.getFileName().toString(), false);
        Files.move(file, target); // no REPLACE_EXISTING: a name taken meanwhile fails rather than being overwritten
        Durable.forceDirectory(dir);
        return target;
    }

    /**
     * Writes {@code <name>.error} (created new, never through a link, owner-only, forced), then moves
     * the file beside it; both under a name not yet taken. Returns where the file went.
     */
    Path moveIn(Path file, String errorText) throws IOException {
        String name = file.getFileName().toString();
        for (int attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
            Path target = freeName(name, true);
            try {
                createErrorFile(target.resolveSibling(target.getFileName() + ERROR_SUFFIX), errorText);
            } catch (FileAlreadyExistsException taken) {
                continue; // something appeared under that name since freeName looked: take the next one
            }
            Files.move(file, target);
            Durable.forceDirectory(dir);
            return target;
        }
        throw new IOException("no free name for " + name + " in " + dir + " after " + MAX_NAME_ATTEMPTS + " attempts; clear out " + dir);
    }

    /** {@code NAME.json}, else {@code NAME.2.json}, {@code NAME.3.json}, ...: the first that is free (with its .error, if wanted). */
    private Path freeName(String name, boolean withError) throws IOException {
        String stem = name.endsWith(DropDirectory.SUFFIX) ? name.substring(0, name.length() - DropDirectory.SUFFIX.length()) : name;
        String ext = name.endsWith(DropDirectory.SUFFIX) ? DropDirectory.SUFFIX : "";
        for (int n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
            Path candidate = dir.resolve(n == 1 ? name : stem + "." + n + ext);
            // NOFOLLOW_LINKS: a dangling link is a taken name too
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                    && !(withError && Files.exists(candidate.resolveSibling(candidate.getFileName() + ERROR_SUFFIX), LinkOption.NOFOLLOW_LINKS))) {
                return candidate;
            }
        }
        throw new IOException("no free name for " + name + " in " + dir + " after " + MAX_NAME_ATTEMPTS + " attempts; clear out " + dir);
    }

    /** Creates and forces an owner-only file; CREATE_NEW fails on any existing entry, a link included (NOFOLLOW_LINKS says so explicitly). */
    static void createErrorFile(Path file, String text) throws IOException {
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                SecureFiles.withPermissions(SecureFiles.OWNER_ONLY))) {
            ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
    }

    /** The uid the bus runs as, where the platform has one. */
    private static OptionalLong processUid() {
        try {
            return OptionalLong.of(new com.sun.security.auth.module.UnixSystem().getUid());
        } catch (LinkageError | RuntimeException notUnix) {
            return OptionalLong.empty();
        }
    }
}
