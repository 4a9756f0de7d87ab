package eu.bus.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: a framed file as a list of whole frames, to tamper with and write back. */
final class LogFiles {

    private LogFiles() {
    }

    static List<byte[]> frames(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<byte[]> out = new ArrayList<>();
        while (b.remaining() >= Frames.HEADER_BYTES) {
            int len = b.getInt(b.position());
            byte[] frame = new byte[Frames.HEADER_BYTES + len];
            b.get(frame);
            out.add(frame);
        }
        return out;
    }

    static void write(Path file, List<byte[]> frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.write(f);
        }
        Files.write(file, out.toByteArray());
    }

    static byte[] payload(byte[] frame) {
        byte[] p = new byte[frame.length - Frames.HEADER_BYTES];
        System.arraycopy(frame, Frames.HEADER_BYTES, p, 0, p.length);
        return p;
    }
}
