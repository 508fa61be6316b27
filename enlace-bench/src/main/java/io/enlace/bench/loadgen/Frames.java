package io.enlace.bench.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Client-side WebSocket frame encoding (RFC 6455): text frames, masked as a client must. */
public final class Frames {

    private Frames() {}

    /** A pre-encoded, masked text frame holding {@code text} (ASCII/UTF-8), in a direct buffer owned by the caller. */
    public static ByteBuf text(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = Unpooled.directBuffer(payload.length + 14);
        writeMasked(out, 0x81, payload, 0, payload.length);
        return out;
    }

    /** Writes one masked frame with the given first byte (FIN + opcode) and payload. */
    public static void writeMasked(ByteBuf out, int b0, byte[] payload, int off, int len) {
        out.writeByte(b0);
        if (len < 126) {
            out.writeByte(0x80 | len);
        } else if (len < 65536) {
            out.writeByte(0x80 | 126);
            out.writeShort(len);
        } else {
            out.writeByte(0x80 | 127);
            out.writeLong(len);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        out.writeInt(mask);
        for (int i = 0; i < len; i++) {
            int m = (mask >>> (8 * (3 - (i & 3)))) & 0xFF;
            out.writeByte(payload[off + i] ^ m);
        }
    }

    /** Writes one masked frame whose payload is read from {@code payload} (readable bytes, not consumed). */
    public static void writeMasked(ByteBuf out, int b0, ByteBuf payload, int from, int len) {
        byte[] tmp = new byte[len];
        payload.getBytes(from, tmp);
        writeMasked(out, b0, tmp, 0, len);
    }
}
