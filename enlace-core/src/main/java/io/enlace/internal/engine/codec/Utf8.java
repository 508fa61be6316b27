package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 as Node writes it: a lone surrogate becomes U+FFFD (EF BF BD), as {@code Buffer.from(string)} and the
 * {@code utf8.encode(s, {strict: false})} of engine.io's parser-v3 both do (the JDK encoders and Netty write {@code ?}
 * instead). Decoding is strict: malformed input is an error.
 */
final class Utf8 {
    private Utf8() {}

    /** Whether {@code s} holds a surrogate that is not part of a pair (one pass, no allocation). */
    static boolean hasLoneSurrogate(CharSequence s) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) i++;
                else return true;
            }
        }
        return false;
    }

    /** The number of bytes {@link #write} writes for {@code s}. */
    static int length(CharSequence s) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3; // BMP characters, and lone surrogates written as U+FFFD
        }
        return n;
    }

    /** Writes {@code s} to {@code buf}; returns the number of bytes written. */
    static int write(ByteBuf buf, CharSequence s) {
        int start = buf.writerIndex();
        buf.ensureWritable(length(s));
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf.writeByte(c);
            } else if (c < 0x800) {
                buf.writeByte(0xC0 | (c >> 6));
                buf.writeByte(0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf.writeByte(0xF0 | (cp >> 18));
                    buf.writeByte(0x80 | ((cp >> 12) & 0x3F));
                    buf.writeByte(0x80 | ((cp >> 6) & 0x3F));
                    buf.writeByte(0x80 | (cp & 0x3F));
                } else {
                    buf.writeByte(0xEF);
                    buf.writeByte(0xBF);
                    buf.writeByte(0xBD);
                }
            } else {
                buf.writeByte(0xE0 | (c >> 12));
                buf.writeByte(0x80 | ((c >> 6) & 0x3F));
                buf.writeByte(0x80 | (c & 0x3F));
            }
        }
        return buf.writerIndex() - start;
    }

    /** Strict UTF-8 decoding of {@code length} bytes of {@code buf} from {@code index} (indexes unchanged). */
    static String decode(ByteBuf buf, int index, int length) throws DecodeException {
        if (length == 0) return "";
        ByteBuffer nio = buf.nioBufferCount() == 1 ? buf.nioBuffer(index, length) : ByteBuffer.wrap(copy(buf, index, length));
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(nio);
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw V3Rule.INVALID_UTF8.exception();
        }
    }

    /** Strict UTF-8 decoding of a byte array. */
    static String decode(byte[] bytes, int length) throws DecodeException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw V3Rule.INVALID_UTF8.exception();
        }
    }

    private static byte[] copy(ByteBuf buf, int index, int length) {
        byte[] b = new byte[length];
        buf.getBytes(index, b);
        return b;
    }
}
