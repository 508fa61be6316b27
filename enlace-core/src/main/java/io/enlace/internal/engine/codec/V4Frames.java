package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/** Engine.IO v4 WebSocket messages: text {@code <type><data>}; a binary message is a message packet's data as it is. */
public final class V4Frames implements FrameCodec {
    /** The one instance (stateless). */
    public static final V4Frames INSTANCE = new V4Frames();

    private V4Frames() {}

    @Override
    public InPacket decodeText(String text) throws DecodeException { return TextPackets.decode(text); }

    @Override
    public InPacket decodeBinary(byte[] data) { return new InPacket('4', data); }

    @Override
    public boolean isText(OutPacket p) { return !(p.data() instanceof byte[]); }

    /** Binary data is wrapped, not copied: the sender must not change the array after {@code send} (documented). */
    @Override
    public ByteBuf encode(ByteBufAllocator alloc, OutPacket p) {
        if (p.data() instanceof byte[] binary) return Unpooled.wrappedBuffer(binary);
        return TextPackets.encode(alloc, p.type(), (String) p.data());
    }
}
