package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v4 polling payloads: packets separated by the record separator {@code \u001e}, each {@code <type><data>},
 * binary messages as {@code b<base64>}; UTF-8 text.
 */
public final class V4Payloads implements PayloadCodec {
    /** The one instance (stateless). */
    public static final V4Payloads INSTANCE = new V4Payloads();

    /** The record separator between packets of a polling payload. */
    public static final char SEPARATOR = '\u001e';
    /** The content type of every answer. */
    public static final String CONTENT_TYPE = "text/plain; charset=UTF-8";

    private V4Payloads() {}

    /**
     * Decodes a text payload, whatever its {@code Content-Type} (an accepted one: {@link #acceptsPost}).
     *
     * @throws DecodeException on invalid UTF-8, an unknown packet type, an empty packet or broken base64 */
    @Override
    public List<InPacket> decode(ByteBuf body, String contentType) throws DecodeException {
        String text = TextPackets.decodeUtf8(body);
        List<InPacket> out = new ArrayList<>(2);
        int start = 0;
        int len = text.length();
        while (true) {
            int end = text.indexOf(SEPARATOR, start);
            if (end < 0) end = len;
            out.add(TextPackets.decode(text, start, end));
            if (end == len) break;
            start = end + 1;
        }
        return out;
    }

    /** Always a text payload, {@value #CONTENT_TYPE}. */
    @Override
    public Encoded encode(ByteBufAllocator alloc, List<OutPacket> packets) {
        return new Encoded(encodeBody(alloc, packets), CONTENT_TYPE);
    }

    /** The text payload of {@code packets} in a new buffer owned by the caller. */
    public ByteBuf encodeBody(ByteBufAllocator alloc, List<OutPacket> packets) {
        int estimate = 0;
        for (OutPacket p : packets) estimate += p.estimatedSize() + 1;
        ByteBuf buf = alloc.buffer(Math.max(estimate, 16));
        boolean ok = false;
        try {
            boolean first = true;
            for (OutPacket p : packets) {
                if (!first) buf.writeByte(SEPARATOR);
                first = false;
                if (p.data() instanceof byte[] bytes) {
                    buf.writeByte('b');
                    buf.writeBytes(Base64.getEncoder().encode(bytes));
                } else {
                    buf.writeByte(p.type());
                    if (p.data() != null) TextPackets.writeUtf8(buf, (String) p.data());
                }
            }
            ok = true;
            return buf;
        } finally {
            if (!ok) buf.release();
        }
    }

    /**
     * Everything but exactly {@code application/octet-stream} (Engine.IO v3's binary polling, as Node refuses it under
     * v4; with parameters the body is text, decoded as usual).
     */
    @Override
    public boolean acceptsPost(String contentType) { return !"application/octet-stream".equals(contentType); }
}
