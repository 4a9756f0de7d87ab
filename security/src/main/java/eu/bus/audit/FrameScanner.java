package eu.bus.audit;

import java.nio.ByteBuffer;

/**
 * Walks the frames of one file held in memory. A bad frame that reaches the end of the file is a
 * torn tail (an append cut short by a crash); a bad frame with bytes after it is damage.
 */
final class FrameScanner {

    enum Step { FRAME, END, TORN, DAMAGED }

    private final byte[] data;
    private final ByteBuffer view;
    private int position;
    private int payloadOffset;
    private int payloadLength;
    private String problem;

    FrameScanner(byte[] data) {
        this.data = data;
        this.view = ByteBuffer.wrap(data);
    }

    Step next() {
        int start = position;
        int remaining = data.length - start;
        if (remaining == 0) {
            return Step.END;
        }
        if (remaining < Frames.HEADER_BYTES) {
            return fail(Step.TORN, "only " + remaining + " bytes of a frame header at the end of the file");
        }
        int length = view.getInt(start);
        int crc = view.getInt(start + 4);
        if (length <= 0 || length > Frames.MAX_PAYLOAD_BYTES) {
            if (zeroToEnd(start)) {
                return fail(Step.TORN, "zero-filled tail of " + remaining + " bytes");
            }
            return fail(Step.DAMAGED, "impossible frame length " + length);
        }
        if (length > remaining - Frames.HEADER_BYTES) {
            String why = "frame declares " + length + " bytes but only " + (remaining - Frames.HEADER_BYTES)
                    + " follow before the end of the file";
            // A damaged length field also "runs past the end"; intact frames behind it prove it is no torn tail.
            return validFrameAfter(start + 1) ? fail(Step.DAMAGED, why + ", and intact frames follow")
                    : fail(Step.TORN, why);
        }
        if (Frames.crc(data, start + Frames.HEADER_BYTES, length) != crc) {
            boolean last = start + Frames.HEADER_BYTES + length == data.length;
            return fail(last ? Step.TORN : Step.DAMAGED, "checksum mismatch"
                    + (last ? " in the last frame of the file" : ""));
        }
        payloadOffset = start + Frames.HEADER_BYTES;
        payloadLength = length;
        position = payloadOffset + length;
        return Step.FRAME;
    }

    private boolean validFrameAfter(int from) {
        for (int at = from; at + Frames.HEADER_BYTES < data.length; at++) {
            int length = view.getInt(at);
            if (length > 0 && length <= data.length - at - Frames.HEADER_BYTES
                    && Frames.crc(data, at + Frames.HEADER_BYTES, length) == view.getInt(at + 4)) {
                return true;
            }
        }
        return false;
    }

    private boolean zeroToEnd(int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private Step fail(Step step, String why) {
        problem = why;
        return step;
    }

    /** Start of the current frame after FRAME, or of the bad bytes after TORN / DAMAGED. */
    int frameStart() {
        return problem == null ? payloadOffset - Frames.HEADER_BYTES : position;
    }

    byte[] data() {
        return data;
    }

    int payloadOffset() {
        return payloadOffset;
    }

    int payloadLength() {
        return payloadLength;
    }

    int position() {
        return position;
    }

    String problem() {
        return problem;
    }
}
