package eu.bus.exchange;

import eu.bus.keys.SecureFiles;
import eu.bus.validation.ValidationError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's drop directory ({@code DIR/nodes/NODE/outbox/}): message files a local system puts there
 * are submitted through the node's one submission path. The route {@code drop-NODE} calls
 * {@link #poll()} on a timer, from one thread.
 *
 * <p>What is read: regular files named {@code *.json} whose name does not start with a dot, once their
 * size and modification time were the same on two polls in a row. Everything else is ignored and left
 * alone: names not ending in {@code .json} (so {@code NAME.json.tmp}, {@code NAME.json.part}), names
 * starting with a dot ({@code .NAME.json}) and {@code done/}, {@code failed/}. Writers put a file in
 * place with an atomic rename within the outbox: write {@code NAME.json.tmp} (or {@code .NAME.json}),
 * then rename it to {@code NAME.json}. Links are never followed: a link (or anything but a regular
 * file) named {@code *.json} is moved, itself, to {@code failed/} with a {@code .error} saying why.
 *
 * <p>Outcomes: accepted files move to {@code done/}; refused ones ({@link SubmissionRejectedException})
 * to {@code failed/} with {@code <name>.error} listing every problem and what to do. Any other failure
 * (broker or audit log unavailable, I/O) leaves the file in the outbox and retries it with a back-off
 * ({@link DropRetries}), logging when it starts failing and when it recovers.
 */
public final class DropDirectory {

    static final String SUFFIX = ".json";
    private static final Logger LOG = LoggerFactory.getLogger(DropDirectory.class);

    /**
     * The node's submission path as the drop directory uses it.
     *
     * @param maxBytes  the submission size limit; no more than this (plus one byte) is ever read
     * @param checkSize refuses a size before anything is read ({@link SubmissionRejectedException})
     * @param submit    submits a document and returns its message id; {@link SubmissionRejectedException} is
     *                  final, anything else passing
     */
    public record Submission(long maxBytes, LongConsumer checkSize, Function<byte[], String> submit) {
    }

    /** What a file looked like on the previous poll: unchanged on the next one means nobody is still writing it. */
    private record Seen(long size, Object modified, Object key) {
        static Seen of(BasicFileAttributes attrs) {
            return new Seen(attrs.size(), attrs.lastModifiedTime(), attrs.fileKey());
        }
    }

    private final Path outbox;
    private final Submission submission;
    private final OutcomeDirectory done;
    private final OutcomeDirectory failed;
    private final DropRetries retries;
    private final Map<String, Seen> seen = new HashMap<>();
    private String blocked; // why the outcome directories cannot be used, while that lasts (logged once)

    public DropDirectory(Path outbox, Submission submission) {
        this(outbox, submission, DropRetries.Backoff.STANDARD, System::nanoTime);
    }

    DropDirectory(Path outbox, Submission submission, DropRetries.Backoff backoff, LongSupplier nanoTime) {
        this.outbox = outbox;
        this.submission = submission;
        this.done = new OutcomeDirectory(outbox.resolve("done"));
        this.failed = new OutcomeDirectory(outbox.resolve("failed"));
        this.retries = new DropRetries(backoff, nanoTime);
    }

    /** One pass over the outbox. Never throws: every problem is logged (once) and the next poll goes on. */
    public void poll() {
        List<Path> candidates;
        try {
            Optional<String> problem = unusable();
            if (problem.isPresent()) {
                blockedBy(problem.get() + ". Files stay in " + outbox + " until it is fixed: remove it, and the bus creates it"
                        + " again (owner-only)");
                return;
            }
            candidates = candidates();
        } catch (IOException | RuntimeException e) {
            blockedBy("cannot read the drop directory " + outbox + ": " + e);
            return;
        }
        if (blocked != null) {
            LOG.warn("drop directory {} works again", outbox); // as loud as the line that said it stopped
            blocked = null;
        }
        Set<String> names = new HashSet<>();
        candidates.forEach(p -> names.add(p.getFileName().toString()));
        seen.keySet().retainAll(names);
        retries.keepOnly(names);
        for (Path file : candidates) {
            if (retries.due(file.getFileName().toString())) {
                take(file);
            }
        }
    }

    /** Creates what is missing (owner-only); why the outcome directories cannot be used, if they cannot. */
    private Optional<String> unusable() throws IOException {
        if (Files.notExists(outbox, LinkOption.NOFOLLOW_LINKS)) {
            SecureFiles.createOwnerOnlyDirectories(outbox);
        }
        Optional<String> problem = done.problem();
        return problem.isPresent() ? problem : failed.problem();
    }

    private void blockedBy(String why) {
        if (!why.equals(blocked)) {
            LOG.warn("drop directory stopped: {}", why);
            blocked = why;
        }
    }

    /** Entries named *.json not starting with a dot, in name order; what they are is decided later, without following links. */
    private List<Path> candidates() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(outbox)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(SUFFIX) && !name.startsWith(".")) {
                    out.add(entry);
                }
            }
        }
        out.sort(null);
        return out;
    }

    private void take(Path file) {
        String name = file.getFileName().toString();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return; // taken away meanwhile
        } catch (IOException e) {
            failedForNow(name, e);
            return;
        }
        if (!attrs.isRegularFile()) {
            refuseUnread(file, attrs);
            return;
        }
        if (!Seen.of(attrs).equals(seen.put(name, Seen.of(attrs)))) {
            return; // new or still changing: looked at again on the next poll
        }
        try {
            submission.checkSize().accept(attrs.size());
            String id = submission.submit().apply(read(file));
            Path moved = done.moveIn(file);
            settled(name);
            LOG.info("{} accepted as message {}, moved to {}", name, id, moved);
        } catch (SubmissionRejectedException e) {
            refuse(file, e);
        } catch (IOException | RuntimeException e) {
            failedForNow(name, e);
        }
    }

    /** Reads without following a link (a link swapped in since the check fails here), at most the limit plus one byte. */
    private byte[] read(Path file) throws IOException {
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
            // One byte over the limit is enough for the validator to refuse a file that grew since its size was checked.
            return in.readNBytes((int) Math.min(submission.maxBytes() + 1, Integer.MAX_VALUE - 8));
        }
    }

    private void refuse(Path file, SubmissionRejectedException e) {
        String name = file.getFileName().toString();
        try {
            Path moved = failed.moveIn(file, errorText(name, e));
            settled(name);
            // The reasons are in the .error file; the log names the rule only, as they may quote the message.
            LOG.info("{} refused ({}), moved to {} with {}{}", name, e.rule(), moved, moved.getFileName(), OutcomeDirectory.ERROR_SUFFIX);
        } catch (IOException | RuntimeException moveFailed) {
            failedForNow(name, moveFailed);
        }
    }

    /** A link, directory or other special file named *.json: never opened, moved itself to failed/. */
    private void refuseUnread(Path file, BasicFileAttributes attrs) {
        String name = file.getFileName().toString();
        String what = attrs.isSymbolicLink() ? "a symbolic link" : attrs.isDirectory() ? "a directory" : "not a regular file";
        String text = name + " is " + what + ", so it was not read and nothing was sent: the drop directory never follows links"
                + " and reads regular files only.\n\nWhat to do: drop the message file itself: write " + name + ".tmp in "
                + outbox + ", then rename it to " + name + ". The " + (attrs.isSymbolicLink() ? "link" : "entry")
                + " was moved here as it was.\n";
        try {
            Path moved = failed.moveIn(file, text);
            settled(name);
            LOG.warn("{} in {} is {}; not read, moved to {}", name, outbox, what, moved);
        } catch (IOException | RuntimeException e) {
            failedForNow(name, e);
        }
    }

    private void failedForNow(String name, Exception e) {
        if (retries.failed(name)) {
            LOG.warn("{} in {} could not be submitted and stays there; retrying with a back-off up to {} s: {}", name, outbox,
                    retries.backoff().max().toSeconds(), e.toString());
        }
    }

    private void settled(String name) {
        seen.remove(name);
        int attempts = retries.settled(name);
        if (attempts > 0) {
            LOG.warn("{} in {} went through after {} failed attempts", name, outbox, attempts); // pairs with the failure line
        }
    }

    /** The submitter's own answer: every problem in full (it wrote the file), and what to do. */
    static String errorText(String name, SubmissionRejectedException e) {
        StringBuilder text = new StringBuilder(name).append(" was refused (rule ").append(e.rule()).append("); nothing was sent.\n")
                .append(Objects.requireNonNullElse(e.getMessage(), "")).append('\n');
        if (!e.errors().isEmpty()) {
            text.append("\nProblems:\n");
            for (ValidationError error : e.errors()) {
                text.append("  ").append(error.describe()).append('\n');
            }
        }
        text.append("\nWhat to do: correct the message as said above and drop it again: write ").append(name)
                .append(".tmp, then rename it to ").append(name).append(". This file and the refused message beside it stay here for your records.\n");
        return text.toString();
    }
}
