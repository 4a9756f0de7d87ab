package eu.bus.audit;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Framing shared by segment files and the checkpoint file:
 * {@code [u32 payload length][u32 CRC32C of payload][payload]}, big-endian, back to back.
 * The length and checksum make a torn or damaged frame detectable without trusting its content.
 */
public final class Frames {

    public static final int HEADER_BYTES = 8;
    /** Records and checkpoints are small; anything larger is damage, not data. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;

    private Frames() {
    }

    public static int frameLength(byte[] payload) {
        return HEADER_BYTES + payload.length;
    }

    public static void put(ByteBuffer out, byte[] payload) {
        if (payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("frame payload of " + payload.length + " bytes");
        }
        out.putInt(payload.length);
        out.putInt(crc(payload, 0, payload.length));
        out.put(payload);
    }

    public static byte[] encode(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(frameLength(payload));
        put(b, payload);
        return b.array();
    }

    static int crc(byte[] data, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(data, offset, length);
        return (int) c.getValue();
    }
}
