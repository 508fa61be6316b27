package io.enlace.internal.engine.v3;

import io.enlace.internal.engine.v3.V3DecodeException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Base64;

/**
 * Engine.IO v3 WebSocket messages: one packet per message. A text message is {@code <type>[<text>]} (as in v4) or
 * {@code b<type><base64>}; a binary message is the type as a byte followed by the data ({@code 04 01 02 03} is a
 * message of bytes 1,2,3; v4 sends the data alone). The server writes binary data as a binary message unless the
 * client asked for base64 ({@code b64=1} on the WebSocket request), then as the text message {@code b4<base64>}.
 */
public final class V3Frames {
    private V3Frames() {}

    /** A WebSocket message to write; the caller owns {@code data}. */
    public record Frame(ByteBuf data, boolean binary) {}

    /**
     * Decodes a text message.
     *
     * @throws V3DecodeException {@link Reason#EMPTY_PACKET}, {@link Reason#UNKNOWN_PACKET_TYPE}, {@link Reason#INVALID_BASE64}
     */
    public static V3Packet decodeText(String message) throws V3DecodeException {
        if (message.isEmpty()) throw new V3DecodeException(Reason.EMPTY_PACKET);
        return V3Payloads.decodePacket(message, 0, message.length());
    }

    /**
     * Decodes a binary message (borrows {@code message}).
     *
     * @throws V3DecodeException {@link Reason#EMPTY_PACKET}, {@link Reason#UNKNOWN_PACKET_TYPE}
     */
    public static V3Packet decodeBinary(ByteBuf message) throws V3DecodeException {
        if (!message.isReadable()) throw new V3DecodeException(Reason.EMPTY_PACKET);
        int type = message.getUnsignedByte(message.readerIndex());
        if (type > 6) throw new V3DecodeException(Reason.UNKNOWN_PACKET_TYPE);
        byte[] data = new byte[message.readableBytes() - 1];
        message.getBytes(message.readerIndex() + 1, data);
        return new V3Packet((char) ('0' + type), data);
    }

    /** Encodes one packet as a WebSocket message. */
    public static Frame encode(ByteBufAllocator alloc, V3Packet packet, boolean supportsBinary) {
        if (packet.data() instanceof byte[] b) {
            if (supportsBinary) {
                ByteBuf buf = alloc.buffer(1 + b.length);
                buf.writeByte(packet.type() - '0').writeBytes(b);
                return new Frame(buf, true);
            }
            byte[] b64 = Base64.getEncoder().encode(b);
            ByteBuf buf = alloc.buffer(2 + b64.length);
            buf.writeByte('b').writeByte(packet.type()).writeBytes(b64);
            return new Frame(buf, false);
        }
        String data = (String) packet.data();
        ByteBuf buf = alloc.buffer(1 + (data == null ? 0 : Utf8.length(data)));
        boolean ok = false;
        try {
            buf.writeByte(packet.type());
            if (data != null) Utf8.write(buf, data);
            ok = true;
            return new Frame(buf, false);
        } finally {
            if (!ok) buf.release();
        }
    }
}
