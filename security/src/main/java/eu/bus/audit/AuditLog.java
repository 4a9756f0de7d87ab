package eu.bus.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A node's append-only audit log. Any thread may {@link #append}; one writer thread seals the
 * records (sequence, time, chain), writes them as a batch, forces the batch to disk once, and only
 * then completes the callers' futures (group commit): an acknowledged record survives {@code kill -9}.
 * Every so many records or seconds it writes a signed checkpoint of the Merkle root.
 *
 * <p>On open, the whole log is read back and checked: a torn tail (an append cut short by a crash,
 * never acknowledged) is cut and recorded as a {@link AuditEvent#RECOVERED} record; any other damage
 * stops the start with {@link AuditChainBrokenException}.
 */
public final class AuditLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
    private static final int QUEUE_CAPACITY = 1 << 16;

    private sealed interface Request permits Append, CheckpointNow, Close {
    }

    private record Append(AuditEntry entry, CompletableFuture<AuditRecord> done) implements Request {
    }

    private record CheckpointNow(CompletableFuture<Optional<Checkpoint>> done) implements Request {
    }

    private record Close() implements Request {
    }

    private record StoredBytes(byte[] data, int offset, int length) {
    }

    private final AuditLogConfig config;
    private final CheckpointSigner signer;
    private final LogLayout layout;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final HashChain chain;
    private final CompactMerkleTree tree = new CompactMerkleTree();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread writer;

    private FileChannel segment;
    private int segmentNumber;
    private long segmentSize;
    private FileChannel checkpointFile;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private long checkpointedSize;
    private long lastCheckpointNanos = System.nanoTime();
    private Instant lastTime = Instant.EPOCH;
    private volatile Throwable failure;
    private volatile boolean closed;

    private AuditLog(AuditLogConfig config, CheckpointSigner signer) throws IOException {
        this.config = config;
        this.signer = signer;
        this.layout = new LogLayout(config.directory());
        this.chain = new HashChain(config.node());
        Files.createDirectories(layout.segmentsDirectory());
        lockChannel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = tryLock(lockChannel);
        String recoveryNote;
        try {
            recoveryNote = recover();
            openForAppend();
        } catch (RuntimeException | IOException e) {
            releaseLock();
            throw e;
        }
        writer = new Thread(this::writeLoop, "audit-writer-" + config.node());
        writer.setDaemon(true);
        writer.start();
        if (recoveryNote != null) {
            appendAndWait(AuditEntry.of(AuditEvent.RECOVERED).reason(recoveryNote).build());
        }
    }

    /**
     * Opens (or creates) the log in {@code config.directory()}.
     *
     * @param signer signs checkpoints with the node's key; null only for tools that append a few
     *               records and leave the checkpoint to the node's next run
     * @throws AuditChainBrokenException when the log is damaged other than at its tail
     * @throws AuditStorageException     when it cannot be read, written or locked
     */
    public static AuditLog open(AuditLogConfig config, CheckpointSigner signer) {
        try {
            return new AuditLog(config, signer);
        } catch (IOException e) {
            throw new AuditStorageException("cannot open the audit log in " + config.directory() + ": " + e, e);
        }
    }

    /** Queues an entry; the future completes with the sealed record once it is on disk. */
    public CompletableFuture<AuditRecord> append(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        CompletableFuture<AuditRecord> done = new CompletableFuture<>();
        submit(new Append(entry, done), done);
        return done;
    }

    /** Appends and blocks until the record is durable. */
    public AuditRecord appendAndWait(AuditEntry entry) {
        return await(append(entry));
    }

    /** Writes a checkpoint now if records are not yet covered by one (empty when nothing is new or no signer). */
    public Optional<Checkpoint> checkpoint() {
        CompletableFuture<Optional<Checkpoint>> done = new CompletableFuture<>();
        submit(new CheckpointNow(done), done);
        return await(done);
    }

    public LogLayout layout() {
        return layout;
    }

    private void submit(Request request, CompletableFuture<?> done) {
        Throwable f = failure;
        if (f != null) {
            done.completeExceptionally(new AuditStorageException("the audit log has failed: " + f.getMessage(), f));
        } else if (closed) {
            done.completeExceptionally(new AuditStorageException("the audit log is closed"));
        } else {
            try {
                queue.put(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.completeExceptionally(new AuditStorageException("interrupted while queueing an audit record"));
            }
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AuditStorageException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    // ---- start-up -------------------------------------------------------------------------------

    private static FileLock tryLock(FileChannel ch) throws IOException {
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new AuditStorageException("the audit log is already open in another process (writer.lock is held)");
        }
        return l;
    }

    /**
     * Reads the whole log back and cuts a torn tail; returns what was cut, or null. Every reason to
     * refuse is checked before anything is cut, so a refused log is left exactly as found.
     */
    private String recover() throws IOException {
        RecordReader.Result read;
        StoredBytes[] lastRecord = new StoredBytes[1];
        try {
            read = RecordReader.read(layout, (i, data, off, len) -> {
                tree.append(chain.accept(data, off, len));
                lastRecord[0] = new StoredBytes(data, off, len);
                return true;
            }, RecordReader.Progress.NONE);
        } catch (AuditChainBrokenException e) {
            throw new AuditChainBrokenException(e.recordIndex(), refusal(e.getMessage()));
        }
        LogDamage damage = read.damage();
        if (damage != null && !damage.tornTail()) {
            throw new AuditChainBrokenException(damage.recordIndex(), refusal(damage.describe()));
        }
        CheckpointCodec.ReadResult cps = CheckpointCodec.read(layout.checkpoints());
        if (!cps.clean() && !cps.tornTail()) {
            throw new AuditChainBrokenException(chain.size(), refusal("checkpoints.log: " + cps.problem()));
        }
        Checkpoint latest = cps.checkpoints().isEmpty() ? null : cps.checkpoints().get(cps.checkpoints().size() - 1);
        if (latest != null && latest.treeSize() > chain.size()) {
            throw new AuditChainBrokenException(chain.size(), refusal("the latest checkpoint covers "
                    + latest.treeSize() + " records but the log holds only " + chain.size()
                    + ": acknowledged records are missing"));
        }
        if (lastRecord[0] != null) {
            // Record times never go backwards, even if the clock did across a restart.
            StoredBytes b = lastRecord[0];
            try {
                lastTime = AuditRecordCodec.decode(b.data(), b.offset(), b.length()).time();
            } catch (IllegalArgumentException e) {
                throw new AuditChainBrokenException(chain.size() - 1, refusal("record " + (chain.size() - 1)
                        + " is " + e.getMessage()));
            }
        }
        if (latest != null) {
            checkpointedSize = latest.treeSize();
            lastTime = latest.time().isAfter(lastTime) ? latest.time() : lastTime;
        }
        String note = null;
        if (damage != null) {
            Durable.truncate(damage.segment(), damage.offset());
            note = "cut a torn tail of " + damage.bytes() + " bytes: " + damage.describe()
                    + "; it was never acknowledged";
        }
        if (!cps.clean()) {
            Durable.truncate(layout.checkpoints(), cps.validLength());
            String cut = "cut a torn tail of " + (cps.fileLength() - cps.validLength()) + " bytes from checkpoints.log";
            note = note == null ? cut : note + "; " + cut;
        }
        if (note != null) {
            LOG.log(System.Logger.Level.WARNING, "audit log " + layout.directory() + ": " + note);
        }
        return note;
    }

    private String refusal(String what) {
        return "audit log " + layout.directory() + " is damaged, refusing to start: " + what
                + ". Nothing was changed. Run 'bus audit verify " + layout.directory()
                + " --ca ca.pem' for the full picture.";
    }

    private void openForAppend() throws IOException {
        List<Path> segments = layout.segments();
        segmentNumber = segments.isEmpty() ? 0 : LogLayout.segmentNumber(segments.get(segments.size() - 1));
        segment = FileChannel.open(layout.segment(segmentNumber), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        segmentSize = segment.size();
        segment.position(segmentSize);
        if (segments.isEmpty()) {
            Durable.forceDirectory(layout.segmentsDirectory());
        }
        checkpointFile = FileChannel.open(layout.checkpoints(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        Durable.forceDirectory(layout.directory());
    }

    // ---- the writer thread ----------------------------------------------------------------------

    private void writeLoop() {
        List<Request> batch = new ArrayList<>(config.maxBatch());
        List<Append> appends = new ArrayList<>(config.maxBatch());
        boolean closing = false;
        try {
            while (!closing) {
                Request first = queue.poll(millisUntilCheckpointDue(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, batchRoom() - 1);
                }
                for (Request r : batch) {
                    if (closing) {
                        fail(r, new AuditStorageException("the audit log is closed"));
                    } else if (r instanceof Append a) {
                        appends.add(a);
                    } else if (r instanceof Close) {
                        closing = true;
                    }
                }
                if (!appends.isEmpty()) {
                    write(appends);
                }
                for (Request r : batch) {
                    if (r instanceof CheckpointNow c) {
                        c.done().complete(writeCheckpoint());
                    }
                }
                batch.clear();
                appends.clear();
                if (closing || due()) {
                    writeCheckpoint();
                }
            }
        } catch (Throwable t) {
            failure = t;
            LOG.log(System.Logger.Level.ERROR, "audit log " + layout.directory() + " failed; no further appends", t);
            AuditStorageException e = new AuditStorageException("the audit log failed: " + t, t);
            batch.forEach(r -> fail(r, e));
        } finally {
            List<Request> rest = new ArrayList<>();
            queue.drainTo(rest);
            AuditStorageException e = new AuditStorageException("the audit log is closed");
            rest.forEach(r -> fail(r, e));
        }
    }

    private static void fail(Request r, Throwable t) {
        if (r instanceof Append a) {
            a.done().completeExceptionally(t);
        } else if (r instanceof CheckpointNow c) {
            c.done().completeExceptionally(t);
        }
    }

    private void write(List<Append> appends) throws IOException {
        List<AuditRecord> sealed = new ArrayList<>(appends.size());
        for (Append a : appends) {
            Instant now = config.clock().instant();
            lastTime = now.isBefore(lastTime) ? lastTime : now;
            AuditRecord record = AuditRecord.seal(a.entry(), chain.size(), lastTime, config.node(), chain.lastHashHex());
            byte[] payload = AuditRecordCodec.encode(record);
            int frame = Frames.frameLength(payload);
            long pending = segmentSize + buffer.position();
            if (pending > 0 && pending + frame > config.segmentBytes()) {
                flush();
                roll();
            }
            if (buffer.remaining() < frame) {
                flush();
                if (buffer.capacity() < frame) {
                    buffer = ByteBuffer.allocate(frame);
                }
            }
            Frames.put(buffer, payload);
            byte[] leaf = Sha256.leafHash(payload);
            chain.extend(leaf);
            tree.append(leaf);
            sealed.add(record);
        }
        flush();
        segment.force(false);
        for (int i = 0; i < appends.size(); i++) {
            appends.get(i).done().complete(sealed.get(i));
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            segmentSize += segment.write(buffer);
        }
        buffer.clear();
    }

    private void roll() throws IOException {
        segment.force(false);
        segment.close();
        segmentNumber++;
        segment = FileChannel.open(layout.segment(segmentNumber), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        segmentSize = 0;
        Durable.forceDirectory(layout.segmentsDirectory());
    }

    /** A batch stops where the next checkpoint is due, so checkpoints land every N records even under load. */
    private int batchRoom() {
        if (signer == null) {
            return config.maxBatch();
        }
        long untilCheckpoint = config.checkpointEveryRecords() - (tree.size() - checkpointedSize);
        return (int) Math.max(1, Math.min(config.maxBatch(), untilCheckpoint));
    }

    private boolean due() {
        long uncovered = tree.size() - checkpointedSize;
        return signer != null && uncovered > 0 && (uncovered >= config.checkpointEveryRecords()
                || System.nanoTime() - lastCheckpointNanos >= config.checkpointInterval().toNanos());
    }

    private long millisUntilCheckpointDue() {
        if (signer == null || tree.size() == checkpointedSize) {
            return config.checkpointInterval().toMillis();
        }
        long left = config.checkpointInterval().toNanos() - (System.nanoTime() - lastCheckpointNanos);
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }

    /** Called only after the records it covers were forced, so a checkpoint never outruns the log. */
    private Optional<Checkpoint> writeCheckpoint() throws IOException {
        if (signer == null || tree.size() == checkpointedSize) {
            return Optional.empty();
        }
        Instant now = config.clock().instant();
        lastTime = now.isBefore(lastTime) ? lastTime : now;
        Checkpoint cp = CheckpointCodec.sign(signer, config.node(), tree.size(), tree.root(), lastTime);
        ByteBuffer frame = ByteBuffer.wrap(Frames.encode(CheckpointCodec.encode(cp)));
        while (frame.hasRemaining()) {
            checkpointFile.write(frame);
        }
        checkpointFile.force(false);
        checkpointedSize = tree.size();
        lastCheckpointNanos = System.nanoTime();
        return Optional.of(cp);
    }

    // ---- shutdown -------------------------------------------------------------------------------

    /** Writes the remaining records and a final checkpoint, then releases the log. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(new Close());
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                segment.close();
                checkpointFile.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the audit log: " + e);
            }
            releaseLock();
        }
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing writer.lock: " + e);
        }
    }
}
