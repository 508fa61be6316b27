package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Arrays;
import java.util.Base64;

/**
 * Engine.IO v3 WebSocket messages: one packet per message. A text message is {@code <type>[<text>]} (as in v4) or
 * {@code b<type><base64>}; a binary message is the type as a byte followed by the data ({@code 04 01 02 03} is a
 * message of bytes 1,2,3; v4 sends the data alone). The server writes binary data as a binary message ({@link #BINARY})
 * unless the client asked for base64 ({@code b64} on its WebSocket request: {@link #BASE64}), then as the text message
 * {@code b4<base64>}. Both read every form. Stateless and thread-safe.
 */
public final class V3Frames implements FrameCodec {
    /** For clients that take binary messages. */
    public static final V3Frames BINARY = new V3Frames(true);
    /** For clients that asked for base64 ({@code b64}). */
    public static final V3Frames BASE64 = new V3Frames(false);

    private final boolean supportsBinary;

    private V3Frames(boolean supportsBinary) {
        this.supportsBinary = supportsBinary;
    }

    /** The codec for a WebSocket request: {@link #BASE64} when it carries a {@code b64} query parameter. */
    public static V3Frames forRequest(boolean b64) {
        return b64 ? BASE64 : BINARY;
    }

    /**
     * Decodes a text message.
     *
     * @throws DecodeException {@link V3Rule#EMPTY_PACKET}, {@link V3Rule#UNKNOWN_PACKET_TYPE}, {@link V3Rule#INVALID_BASE64}
     */
    @Override
    public InPacket decodeText(String message) throws DecodeException {
        if (message.isEmpty()) throw V3Rule.EMPTY_PACKET.exception();
        return V3Payloads.decodePacket(message, 0, message.length());
    }

    /**
     * Decodes a binary message: its first byte is the packet type, the rest is the data (copied).
     *
     * @throws DecodeException {@link V3Rule#EMPTY_PACKET}, {@link V3Rule#UNKNOWN_PACKET_TYPE}
     */
    @Override
    public InPacket decodeBinary(byte[] message) throws DecodeException {
        if (message.length == 0) throw V3Rule.EMPTY_PACKET.exception();
        int type = message[0] & 0xFF;
        if (type > 6) throw V3Rule.UNKNOWN_PACKET_TYPE.exception();
        return new InPacket((char) ('0' + type), Arrays.copyOfRange(message, 1, message.length));
    }

    @Override
    public boolean isText(OutPacket p) {
        return !(supportsBinary && p.data() instanceof byte[]);
    }

    /** Encodes one packet as a WebSocket message (text unless {@link #isText} says binary). */
    @Override
    public ByteBuf encode(ByteBufAllocator alloc, OutPacket packet) {
        if (packet.data() instanceof byte[] b) {
            if (supportsBinary) {
                ByteBuf buf = alloc.buffer(1 + b.length);
                buf.writeByte(packet.type() - '0').writeBytes(b);
                return buf;
            }
            byte[] b64 = Base64.getEncoder().encode(b);
            ByteBuf buf = alloc.buffer(2 + b64.length);
            buf.writeByte('b').writeByte(packet.type()).writeBytes(b64);
            return buf;
        }
        return TextPackets.encode(alloc, packet.type(), (String) packet.data()); // the same text frame as v4
    }
}
