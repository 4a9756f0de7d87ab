package eu.bus.broker;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnection;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

/**
 * Bounds each frame of the core protocol. Artemis' own decoder accepts frames of up to 2 GiB and
 * reads a frame whole into memory before anything looks at it, so one packet with a huge property
 * would be held in the broker's heap before any check could refuse it. Each new connection gets a
 * decoder of the same wire format that refuses a frame over the limit as soon as its length is read
 * (and closes the connection). Bus nodes send messages above about 100 KiB in chunks, so no frame of
 * a valid message comes near the limit.
 */
public final class FrameLimit implements ActiveMQServerConnectionPlugin {

    /** The name Artemis gives its core frame decoder in the Netty pipeline. */
    static final String DECODER = "activemq-decoder";

    private final int maxFrameBytes;

    public FrameLimit(WireLimits limits) {
        this.maxFrameBytes = (int) Math.min(Integer.MAX_VALUE, limits.maxBodyBytes() + WireLimits.MAX_PROPERTIES_BYTES + 4096);
    }

    @Override
    public void afterCreateConnection(RemotingConnection connection) {
        if (connection.getTransportConnection() instanceof NettyConnection netty
                && netty.getChannel().pipeline().get(DECODER) != null) {
            netty.getChannel().pipeline().replace(DECODER, DECODER, new BoundedFrameDecoder(maxFrameBytes));
        }
    }

    /** Artemis' core framing (a 4-byte length, then the packet), with a maximum frame length. */
    public static final class BoundedFrameDecoder extends LengthFieldBasedFrameDecoder {

        BoundedFrameDecoder(int maxFrameBytes) {
            super(maxFrameBytes, 0, Integer.BYTES);
        }

        @Override
        protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
            try {
                return super.decode(ctx, in);
            } catch (io.netty.handler.codec.TooLongFrameException e) {
                // Nothing of the frame is read; the rest of the stream cannot be trusted to be in step: close.
                in.skipBytes(in.readableBytes());
                ctx.close();
                return null;
            }
        }

        @Override
        protected ByteBuf extractFrame(ChannelHandlerContext ctx, ByteBuf buffer, int index, int length) {
            // A copy, as Artemis' decoder makes: the server keeps packets beyond the read buffer's life.
            ByteBuf frame = ctx.alloc().buffer(length);
            frame.writeBytes(buffer, index, length);
            return frame.skipBytes(Integer.BYTES);
        }
    }
}
