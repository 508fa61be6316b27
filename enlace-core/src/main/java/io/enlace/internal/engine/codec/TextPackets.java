package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One Engine.IO text packet, {@code <type><data>}, as a WebSocket text message or one packet of a polling payload
 * carries it; strict UTF-8; and the UTF-8 bytes of a string that many sessions send (a broadcast), encoded once per
 * thread. Stateless apart from that per-thread cache; every method is thread-safe. Decoders borrow their input (never
 * retain or release it); encoders return a new buffer owned by the caller.
 */
public final class TextPackets {
    private TextPackets() {}

    /** Decodes one text packet {@code <type><data>}; {@code b<base64>} is a binary message. */
    public static InPacket decode(String text) throws DecodeException {
        return decode(text, 0, text.length());
    }

    /** Decodes the packet {@code text[start, end)}. */
    static InPacket decode(String text, int start, int end) throws DecodeException {
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

    /** Encodes one text packet {@code <type><data>} into a new buffer; the caller owns the result. */
    public static ByteBuf encode(ByteBufAllocator alloc, char type, String data) {
        byte[] cached = data == null ? null : cachedUtf8(data);
        int n = data == null ? 0 : cached != null ? cached.length : ByteBufUtil.utf8MaxBytes(data);
        ByteBuf buf = alloc.buffer(1 + n);
        buf.writeByte(type);
        if (cached != null) buf.writeBytes(cached);
        else if (data != null) writeUncached(buf, data);
        return buf;
    }

    /**
     * Writes {@code s} as UTF-8 (through the per-thread cache), a lone surrogate as U+FFFD (EF BF BD), as Node writes a
     * string (Netty and the JDK would write {@code ?}): both protocol revisions write a string alike.
     */
    static void writeUtf8(ByteBuf buf, String s) {
        byte[] cached = cachedUtf8(s);
        if (cached != null) buf.writeBytes(cached);
        else writeUncached(buf, s);
    }

    private static void writeUncached(ByteBuf buf, String s) {
        if (Utf8.hasLoneSurrogate(s)) Utf8.write(buf, s);
        else ByteBufUtil.writeUtf8(buf, s);
    }

    /** The UTF-8 bytes of {@code s}, lone surrogates as U+FFFD. */
    private static byte[] utf8Bytes(String s) {
        if (!Utf8.hasLoneSurrogate(s)) return s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[Utf8.length(s)];
        ByteBuf b = Unpooled.wrappedBuffer(out);
        b.writerIndex(0);
        Utf8.write(b, s);
        return out;
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
            c.bytes = utf8Bytes(s);
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
}
