package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * How a protocol version maps packets to WebSocket messages ({@link V4Frames} for Engine.IO v4; the v3 form, a binary
 * message prefixed by its type byte, plugs in here). Implementations are stateless and thread-safe.
 */
public interface FrameCodec {

    /** The packet of a text message. */
    InPacket decodeText(String text) throws DecodeException;

    /** The packet of a binary message (the array is the caller's copy, kept by the packet). */
    InPacket decodeBinary(byte[] data) throws DecodeException;

    /** Whether {@code p} goes as a text message (else binary). */
    boolean isText(OutPacket p);

    /** The message of {@code p} in a new buffer owned by the caller. */
    ByteBuf encode(ByteBufAllocator alloc, OutPacket p);
}
