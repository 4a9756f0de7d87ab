package eu.bus.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import eu.bus.validation.ValidationError;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop directory on real files, with a submission this test controls: what it reads, what it
 * never reads, where each file ends, and how it waits out a passing failure.
 */
class DropDirectoryTest {

    static final String SECRET = "SECRET-7f3a";
    static final long LIMIT = 4096;
    static final DropRetries.Backoff BACKOFF = new DropRetries.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4));

    @TempDir
    Path dir;
    Path outbox;
    Path outside;
    final AtomicLong nanos = new AtomicLong();
    final FakeSubmission submission = new FakeSubmission();
    DropDirectory drop;

    /** Accepts any document but one containing "INVALID" (refused) and fails every call while {@link #down} is set. */
    static final class FakeSubmission {
        final List<String> submitted = new CopyOnWriteArrayList<>();
        final List<Long> sizesChecked = new CopyOnWriteArrayList<>();
        volatile RuntimeException down;
        volatile int attempts;

        DropDirectory.Submission asSubmission() {
            return new DropDirectory.Submission(LIMIT, this::checkSize, this::submit);
        }

        private void checkSize(long size) {
            sizesChecked.add(size);
            if (size > LIMIT) {
                throw new SubmissionRejectedException("invalid", "invalid message: (document): the input is " + size
                        + " bytes, over the limit of " + LIMIT + " bytes", List.of());
            }
        }

        private String submit(byte[] document) {
            attempts++;
            if (down != null) {
                throw down;
            }
            String text = new String(document, StandardCharsets.UTF_8);
            if (text.contains("INVALID")) {
                throw new SubmissionRejectedException("invalid", "invalid message: /payload/summary: required property is missing",
                        List.of(new ValidationError("/payload/summary", "required property is missing", "a value for \"summary\"")));
            }
            submitted.add(text);
            return "id-" + submitted.size();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        outbox = Files.createDirectories(dir.resolve("outbox"));
        outside = Files.createDirectories(dir.resolve("outside"));
        drop = new DropDirectory(outbox, submission.asSubmission(), BACKOFF, nanos::get);
    }

    /** A file is taken on the second poll that finds it unchanged. */
    void pollTwice() {
        drop.poll();
        drop.poll();
    }

    Path dropFile(String name, String content) throws IOException {
        Path tmp = Files.writeString(outbox.resolve(name + ".tmp"), content);
        return Files.move(tmp, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void shouldSubmitAndMoveToDoneWhenAFileIsDropped() throws IOException {
        dropFile("report.json", "{\"ok\": 1}");

        pollTwice();

        assertEquals(List.of("{\"ok\": 1}"), submission.submitted);
        assertEquals("{\"ok\": 1}", Files.readString(outbox.resolve("done/report.json")));
        assertFalse(Files.exists(outbox.resolve("report.json")));
    }

    @Test
    void shouldIgnoreTemporaryNamesUntilTheFileIsRenamed() throws IOException {
        Path tmp = Files.writeString(outbox.resolve("report.json.tmp"), "{\"ok\": 1}");
        Path hidden = Files.writeString(outbox.resolve(".hidden.json"), "{\"ok\": 2}");
        Path part = Files.writeString(outbox.resolve("report.json.part"), "{\"ok\": 3}");

        pollTwice();
        drop.poll();

        assertEquals(List.of(), submission.submitted);
        assertTrue(Files.exists(tmp) && Files.exists(hidden) && Files.exists(part), "temporary files are left alone");
        Files.move(tmp, outbox.resolve("report.json"), StandardCopyOption.ATOMIC_MOVE);
        pollTwice();
        assertEquals(List.of("{\"ok\": 1}"), submission.submitted);
    }

    @Test
    void shouldWaitWhileAFileIsStillBeingWritten() throws IOException {
        Path file = Files.writeString(outbox.resolve("slow.json"), "{\"ok\": ");
        drop.poll();
        Files.writeString(file, "{\"ok\": 1}");

        drop.poll();

        assertEquals(List.of(), submission.submitted, "taken while it was still changing");
        drop.poll();
        assertEquals(List.of("{\"ok\": 1}"), submission.submitted);
    }

    @Test
    void shouldMoveTheLinkToFailedWithoutReadingItWhenADroppedJsonIsASymlink() throws IOException {
        Path target = Files.writeString(outside.resolve("secret.json"), "{\"note\": \"" + SECRET + "\"}");
        Files.createSymbolicLink(outbox.resolve("leak.json"), target);

        pollTwice();

        assertEquals(List.of(), submission.submitted, "the link's target was submitted");
        assertEquals(List.of(), submission.sizesChecked);
        Path moved = outbox.resolve("failed/leak.json");
        assertTrue(Files.isSymbolicLink(moved), "the link itself is moved to failed/");
        assertEquals(target, Files.readSymbolicLink(moved));
        assertEquals("{\"note\": \"" + SECRET + "\"}", Files.readString(target));
        String error = Files.readString(outbox.resolve("failed/leak.json.error"));
        assertTrue(error.contains("leak.json is a symbolic link, so it was not read and nothing was sent"), error);
        assertTrue(error.contains("What to do: drop the message file itself"), error);
        assertFalse(error.contains(SECRET), error);
    }

    @Test
    void shouldMoveADirectoryNamedJsonToFailedWithoutEnteringIt() throws IOException {
        Files.createDirectories(outbox.resolve("folder.json"));

        pollTwice();

        assertTrue(Files.isDirectory(outbox.resolve("failed/folder.json")));
        assertTrue(Files.readString(outbox.resolve("failed/folder.json.error")).contains("folder.json is a directory"));
    }

    @Test
    void shouldNotWriteThroughAPlantedLinkWhenTheErrorFileNameIsTaken() throws IOException {
        Path failed = Files.createDirectories(outbox.resolve("failed"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path victim = Files.writeString(outside.resolve("victim.txt"), "untouched");
        Path notYet = outside.resolve("created-through-link.txt");
        Files.createSymbolicLink(failed.resolve("bad.json.error"), victim);
        Files.createSymbolicLink(failed.resolve("worse.json.error"), notYet); // dangling: "free" to a check that follows links
        dropFile("bad.json", "INVALID 1");
        dropFile("worse.json", "INVALID 2");

        pollTwice();

        assertEquals("untouched", Files.readString(victim));
        assertFalse(Files.exists(notYet, LinkOption.NOFOLLOW_LINKS), "the bus created a file through a dangling link");
        assertTrue(Files.isSymbolicLink(failed.resolve("bad.json.error")));
        assertEquals("INVALID 1", Files.readString(failed.resolve("bad.2.json")));
        assertTrue(Files.readString(failed.resolve("bad.2.json.error")).contains("/payload/summary: required property is missing"));
        assertEquals("INVALID 2", Files.readString(failed.resolve("worse.2.json")));
        assertFalse(Files.isSymbolicLink(failed.resolve("worse.2.json.error")));
    }

    @Test
    void shouldRefuseToCreateAnErrorFileWhenItsNameIsALink() throws IOException {
        Path victim = Files.writeString(outside.resolve("victim.txt"), "untouched");
        Path failed = Files.createDirectories(outbox.resolve("failed"));
        Path planted = Files.createSymbolicLink(failed.resolve("x.json.error"), victim);
        Path dangling = Files.createSymbolicLink(failed.resolve("y.json.error"), outside.resolve("new.txt"));

        assertThrows(FileAlreadyExistsException.class, () -> OutcomeDirectory.createErrorFile(planted, "overwritten"));
        assertThrows(FileAlreadyExistsException.class, () -> OutcomeDirectory.createErrorFile(dangling, "created"));

        assertEquals("untouched", Files.readString(victim));
        assertFalse(Files.exists(outside.resolve("new.txt")));
    }

    @Test
    void shouldListEveryProblemAndWhatToDoWhenAFileIsRefused() throws IOException {
        dropFile("bad.json", "INVALID");

        pollTwice();

        String error = Files.readString(outbox.resolve("failed/bad.json.error"));
        assertTrue(error.startsWith("bad.json was refused (rule invalid); nothing was sent.\n"), error);
        assertTrue(error.contains("  /payload/summary: required property is missing (expected a value for \"summary\")"), error);
        assertTrue(error.contains("What to do: correct the message"), error);
        assertEquals("INVALID", Files.readString(outbox.resolve("failed/bad.json")));
    }

    @Test
    void shouldKeepBothOutcomesWhenTheSameNameIsDroppedTwice() throws IOException {
        dropFile("same.json", "{\"n\": 1}");
        pollTwice();
        dropFile("same.json", "{\"n\": 2}");
        pollTwice();
        dropFile("bad.json", "INVALID first");
        pollTwice();
        dropFile("bad.json", "INVALID second");
        pollTwice();

        assertEquals("{\"n\": 1}", Files.readString(outbox.resolve("done/same.json")));
        assertEquals("{\"n\": 2}", Files.readString(outbox.resolve("done/same.2.json")));
        assertEquals("INVALID first", Files.readString(outbox.resolve("failed/bad.json")));
        assertEquals("INVALID second", Files.readString(outbox.resolve("failed/bad.2.json")));
        assertTrue(Files.exists(outbox.resolve("failed/bad.json.error")) && Files.exists(outbox.resolve("failed/bad.2.json.error")));
    }

    @Test
    void shouldRefuseBeforeReadingWhenAFileIsOverTheLimit() throws IOException {
        Path big = outbox.resolve("big.json.tmp");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(LIMIT + 1);
        }
        Files.move(big, outbox.resolve("big.json"), StandardCopyOption.ATOMIC_MOVE);

        pollTwice();

        assertEquals(List.of(LIMIT + 1), submission.sizesChecked);
        assertEquals(0, submission.attempts, "the file was read and submitted");
        assertTrue(Files.readString(outbox.resolve("failed/big.json.error")).contains("over the limit of " + LIMIT + " bytes"));
    }

    @Test
    void shouldReadNoMoreThanTheLimitPlusOneByteWhenAFileGrowsAfterItsSizeWasChecked() throws IOException {
        List<Integer> read = new CopyOnWriteArrayList<>();
        DropDirectory lenient = new DropDirectory(outbox, new DropDirectory.Submission(LIMIT, size -> { }, document -> {
            read.add(document.length);
            return "id";
        }), BACKOFF, nanos::get);
        dropFile("huge.json", "x".repeat((int) LIMIT * 3));

        lenient.poll();
        lenient.poll();

        assertEquals(List.of((int) LIMIT + 1), read);
    }

    @Test
    void shouldKeepTheFileAndRetryAfterTheBackOffWhenTheBrokerIsUnavailable() throws IOException {
        submission.down = new NodeUnavailableException("the broker at 127.0.0.1:61617 does not answer", null);
        Path file = dropFile("report.json", "{\"ok\": 1}");

        pollTwice();
        drop.poll();

        assertEquals(1, submission.attempts, "retried before the back-off was over");
        assertTrue(Files.exists(file), "a passing failure must leave the file in the outbox");
        assertFalse(Files.exists(outbox.resolve("failed/report.json")));
        assertFalse(Files.exists(outbox.resolve("failed/report.json.error")));

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        drop.poll();
        assertEquals(2, submission.attempts);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        drop.poll();
        assertEquals(2, submission.attempts, "the second wait is twice the first");

        submission.down = null;
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        drop.poll();
        assertEquals(List.of("{\"ok\": 1}"), submission.submitted);
        assertTrue(Files.exists(outbox.resolve("done/report.json")));
    }

    @Test
    void shouldKeepTheFileWhenTheDiskFails() throws IOException {
        submission.down = new UncheckedIOException(new IOException("No space left on device"));
        Path file = dropFile("report.json", "{\"ok\": 1}");

        pollTwice();

        assertTrue(Files.exists(file));
        assertEquals(List.of(), list(outbox.resolve("failed")));
        submission.down = null;
        nanos.addAndGet(BACKOFF.first().toNanos());
        drop.poll();
        assertTrue(Files.exists(outbox.resolve("done/report.json")));
    }

    @Test
    void shouldReportOnlyTheFirstFailureAndCapTheWaitWhenAFileKeepsFailing() {
        DropRetries retries = new DropRetries(BACKOFF, nanos::get);

        assertTrue(retries.failed("a.json"), "the first failure is the one to log");
        for (int i = 0; i < 5; i++) {
            nanos.addAndGet(BACKOFF.max().toNanos());
            assertTrue(retries.due("a.json"));
            assertFalse(retries.failed("a.json"), "logged again on a later failure");
        }
        nanos.addAndGet(BACKOFF.max().toNanos() - 1);
        assertFalse(retries.due("a.json"));
        nanos.incrementAndGet();
        assertTrue(retries.due("a.json"), "the wait grew past the maximum");
        assertEquals(6, retries.settled("a.json"));
        assertEquals(0, retries.settled("a.json"));
    }

    @Test
    void shouldLeaveFilesInTheOutboxWhenDoneIsASymlink() throws IOException {
        Path elsewhere = Files.createDirectories(outside.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(outbox.resolve("done"), elsewhere);
        Path file = dropFile("report.json", "{\"ok\": 1}");

        pollTwice();
        drop.poll();

        assertEquals(0, submission.attempts, "submitted while its outcome had nowhere to go");
        assertTrue(Files.exists(file));
        assertEquals(List.of(), list(elsewhere));
        Files.delete(link);
        pollTwice();
        assertTrue(Files.exists(outbox.resolve("done/report.json")));
    }

    @Test
    void shouldLeaveFilesInTheOutboxWhenFailedIsNotADirectory() throws IOException {
        Files.writeString(outbox.resolve("failed"), "a file where a directory belongs");
        Path file = dropFile("bad.json", "INVALID");

        pollTwice();

        assertEquals(0, submission.attempts);
        assertTrue(Files.exists(file));
    }

    @Test
    void shouldRefuseOutcomeDirectoriesOfAnotherUser() throws IOException {
        assumeTrue(Files.getAttribute(dir, "unix:uid").equals(0), "changing a directory's owner needs root");
        Path done = Files.createDirectories(outbox.resolve("done"));
        Files.setAttribute(done, "unix:uid", 65534);
        Path file = dropFile("report.json", "{\"ok\": 1}");

        pollTwice();

        assertEquals(0, submission.attempts);
        assertTrue(Files.exists(file));
    }

    @Test
    void shouldCreateItsDirectoriesAndErrorFilesOwnerOnly() throws IOException {
        dropFile("bad.json", "INVALID");

        pollTwice();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox.resolve("done"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox.resolve("failed"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox.resolve("failed/bad.json.error"))));
    }

    @Test
    void shouldCreateTheOutboxOwnerOnlyWhenItIsMissing() throws IOException {
        Path missing = dir.resolve("nodes/XX-NMT/outbox");
        new DropDirectory(missing, submission.asSubmission(), BACKOFF, nanos::get).poll();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(missing)));
    }

    static List<Path> list(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.toList();
        }
    }
}
