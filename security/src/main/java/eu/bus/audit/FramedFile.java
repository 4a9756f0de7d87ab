package eu.bus.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A small append-only file of frames ({@link Frames}) beside a log: the cosignatures a node collected, what a
 * witness cosigned or refused. Each append is forced before it returns; a torn last frame is not read.
 */
public final class FramedFile {

    private FramedFile() {
    }

    public static void append(Path file, byte[] payload) throws IOException {
        boolean created = !Files.exists(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer frame = ByteBuffer.wrap(Frames.encode(payload));
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
            channel.force(true);
        }
        if (created) {
            Durable.forceDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** The payloads of the intact frames, in order (none when the file does not exist); reading stops at damage. */
    public static List<byte[]> payloads(Path file) {
        List<byte[]> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        FrameScanner scanner = new FrameScanner(RecordReader.readAll(file));
        while (scanner.next() == FrameScanner.Step.FRAME) {
            byte[] payload = new byte[scanner.payloadLength()];
            System.arraycopy(scanner.data(), scanner.payloadOffset(), payload, 0, payload.length);
            out.add(payload);
        }
        return out;
    }
}
