package io.enlace.internal.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v4 packets and polling payloads. Stateless; every method is thread-safe.
 */
public final class PacketCodec {
    /** The record separator between packets of a polling payload. */
    public static final char SEPARATOR = '\u001e';

    private PacketCodec() {}

    /** Thrown for input that is not Engine.IO v4. */
    public static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;

        public DecodeException(String message) { super(message, null, false, false); }
    }

    /**
     * Decodes a polling payload (the body of a POST). Borrows {@code body}: it is neither retained nor released.
     *
     * @throws DecodeException on invalid UTF-8, an unknown packet type, an empty packet or broken base64
     */
    public static List<InPacket> decodePayload(ByteBuf body) throws DecodeException {
        String text = decodeUtf8(body);
        List<InPacket> out = new ArrayList<>(2);
        int start = 0;
        int len = text.length();
        while (true) {
            int end = text.indexOf(SEPARATOR, start);
            if (end < 0) end = len;
            out.add(decodePacket(text, start, end));
            if (end == len) break;
            start = end + 1;
        }
        return out;
    }

    /** Decodes one text packet {@code <type><data>} (a WebSocket text frame, or one packet of a payload). */
    public static InPacket decodePacket(String text) throws DecodeException {
        return decodePacket(text, 0, text.length());
    }

    private static InPacket decodePacket(String text, int start, int end) throws DecodeException {
        if (start >= end) throw new DecodeException("empty packet");
        char type = text.charAt(start);
        if (type == 'b') {
            try {
                // Line breaks and spaces are ignored, as Node's base64 decoder does: the Java client 2.x
                // (android-style Base64) ends its polling payloads with a line break.
                byte[] data = Base64.getDecoder().decode(stripWhitespace(text, start + 1, end));
                return new InPacket('4', data);
            } catch (IllegalArgumentException e) {
                throw new DecodeException("invalid base64");
            }
        }
        if (type < '0' || type > '6') throw new DecodeException("unknown packet type");
        return new InPacket(type, start + 1 == end ? "" : text.substring(start + 1, end));
    }

    private static String stripWhitespace(String text, int start, int end) {
        int i = start;
        while (i < end && !isBase64Whitespace(text.charAt(i))) i++;
        if (i == end) return text.substring(start, end);
        StringBuilder sb = new StringBuilder(end - start);
        for (int j = start; j < end; j++) {
            char c = text.charAt(j);
            if (!isBase64Whitespace(c)) sb.append(c);
        }
        return sb.toString();
    }

    private static boolean isBase64Whitespace(char c) {
        return c == '\n' || c == '\r' || c == ' ' || c == '\t';
    }

    /** Strict UTF-8 decoding (malformed input is an error, not a replacement character). Borrows {@code buf}. */
    public static String decodeUtf8(ByteBuf buf) throws DecodeException {
        if (!buf.isReadable()) return "";
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer nio = buf.nioBufferCount() == 1
                    ? buf.nioBuffer(buf.readerIndex(), buf.readableBytes())
                    : ByteBuffer.wrap(ByteBufUtil.getBytes(buf));
            CharBuffer cb = dec.decode(nio);
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException("invalid UTF-8");
        }
    }

    /**
     * Encodes packets as one polling payload into a new buffer; the caller owns the result.
     */
    public static ByteBuf encodePayload(ByteBufAllocator alloc, List<OutPacket> packets) {
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
                    byte[] b64 = Base64.getEncoder().encode(bytes);
                    buf.writeBytes(b64);
                } else {
                    buf.writeByte(p.type());
                    if (p.data() != null) writeUtf8(buf, (String) p.data());
                }
            }
            ok = true;
            return buf;
        } finally {
            if (!ok) buf.release();
        }
    }

    /** Encodes one text packet {@code <type><data>} into a new buffer; the caller owns the result. */
    public static ByteBuf encodeText(ByteBufAllocator alloc, char type, String data) {
        byte[] cached = data == null ? null : cachedUtf8(data);
        int n = data == null ? 0 : cached != null ? cached.length : ByteBufUtil.utf8MaxBytes(data);
        ByteBuf buf = alloc.buffer(1 + n);
        buf.writeByte(type);
        if (cached != null) buf.writeBytes(cached);
        else if (data != null) ByteBufUtil.writeUtf8(buf, data);
        return buf;
    }

    private static void writeUtf8(ByteBuf buf, String s) {
        byte[] cached = cachedUtf8(s);
        if (cached != null) buf.writeBytes(cached);
        else ByteBufUtil.writeUtf8(buf, s);
    }

    /** Strings shorter than this are always encoded in place. */
    private static final int CACHE_MIN_CHARS = 64;
    private static final FastThreadLocal<Utf8Cache> UTF8_CACHE = new FastThreadLocal<>() {
        @Override
        protected Utf8Cache initialValue() { return new Utf8Cache(); }
    };

    /**
     * Encode-once broadcasts hand the same {@code String} instance to many sessions of one event loop: the second
     * time a thread sees the same instance in a row, its UTF-8 bytes are kept (one entry per thread) and reused.
     * Returns null when the caller should encode in place.
     */
    private static byte[] cachedUtf8(String s) {
        if (s.length() < CACHE_MIN_CHARS) return null;
        Utf8Cache c = UTF8_CACHE.get();
        if (c.cached == s) return c.bytes;
        if (c.seen == s) {
            c.cached = s;
            c.bytes = s.getBytes(StandardCharsets.UTF_8);
            c.seen = null;
            return c.bytes;
        }
        c.seen = s;
        return null;
    }

    private static final class Utf8Cache {
        String seen;
        String cached;
        byte[] bytes;
    }

    /** A packet received from the client: data is a String (text) or byte[] (binary message). */
    public record InPacket(char type, Object data) {}

    /** A packet to send: data is a String, a byte[] (binary message) or null. */
    public record OutPacket(char type, Object data, boolean compress) {
        int estimatedSize() {
            if (data == null) return 1;
            if (data instanceof byte[] b) return 1 + (b.length + 2) / 3 * 4;
            return 1 + ((String) data).length();
        }
    }
}
