package eu.bus.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The bounded core frame decoder: a frame over the limit is refused when its length is read, before its bytes arrive. */
class FrameLimitTest {

    @Test
    void shouldCloseTheConnectionWhenAFrameAnnouncesMoreThanTheLimit() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameLimit.BoundedFrameDecoder(1024));
        ByteBuf announcement = Unpooled.buffer().writeInt(512 * 1024 * 1024).writeBytes(new byte[64]);
        channel.writeInbound(announcement);
        assertNull(channel.readInbound(), "nothing of the oversized frame is passed on");
        assertFalse(channel.isOpen(), "the connection is closed at once, not after half a gigabyte");
    }

    @Test
    void shouldPassAFrameWithinTheLimitAsArtemisDoes() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameLimit.BoundedFrameDecoder(1024));
        channel.writeInbound(Unpooled.buffer().writeInt(3).writeBytes(new byte[] {7, 8, 9}));
        ByteBuf frame = channel.readInbound();
        // Artemis' packet decoder reads the frame after its length field, from a copy it owns.
        assertEquals(3, frame.readableBytes());
        assertEquals(7, frame.readByte());
        assertTrue(channel.isOpen());
        frame.release();
    }
}
