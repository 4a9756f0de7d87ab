package eu.bus.verify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The framing of segments, checkpoints and cosignatures: {@code [u32 length][u32 CRC32C][payload]}, big-endian,
 * back to back, payload 1 byte to 1 MiB.
 */
final class Frames {

    static final int MAX_PAYLOAD = 1 << 20;

    /** The frames of one file, and what is wrong with the rest of it (null: nothing). */
    record Read(List<byte[]> payloads, String problem) {
    }

    private Frames() {
    }

    static Read read(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(data);
        List<byte[]> payloads = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 8) {
                return new Read(payloads, "is incomplete (torn tail): " + in.remaining() + " bytes of a frame header");
            }
            int length = in.getInt();
            int crc = in.getInt();
            if (length <= 0 || length > MAX_PAYLOAD) {
                return new Read(payloads, zeroes(data, in.position() - 8) ? "is incomplete (torn tail): zero-filled"
                        : "is damaged: impossible frame length " + length);
            }
            if (length > in.remaining()) {
                return new Read(payloads, "is incomplete (torn tail): " + in.remaining() + " of " + length + " bytes");
            }
            byte[] payload = new byte[length];
            in.get(payload);
            CRC32C check = new CRC32C();
            check.update(payload);
            if ((int) check.getValue() != crc) {
                return new Read(payloads, (in.hasRemaining() ? "is damaged" : "is incomplete (torn tail)") + ": checksum mismatch");
            }
            payloads.add(payload);
        }
        return new Read(payloads, null);
    }

    private static boolean zeroes(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
