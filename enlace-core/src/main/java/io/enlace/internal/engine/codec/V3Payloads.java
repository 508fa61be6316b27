package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v3 polling payloads, as engine.io 6 reads and writes them for {@code EIO=3} sessions (its {@code parser-v3},
 * a copy of engine.io-parser 2.2).
 *
 * <p><b>Text payload</b>: every packet as {@code <length>:<packet>}, where the length counts the packet's UTF-16 code
 * units (JavaScript's {@code string.length}, which Java's {@code String.length()} also counts) and the packet is
 * {@code <type digit>[<text>]}, or {@code b<type digit><base64>} for binary data; the body is UTF-8. No packets:
 * {@code 0:}. Example: {@code 6:4hello1:2}.
 *
 * <p><b>Binary payload</b> (XHR2 clients, {@code Content-Type: application/octet-stream} both ways): every packet as a
 * marker byte (0 for a string, 1 for binary), its byte length as one byte per decimal digit (values 0..9), the byte
 * 255, then the packet: for a string the type digit as a character and the UTF-8 text, for binary the type as a byte
 * (4 for a message) and the data. Example: a message of bytes 1,2,3 is {@code 01 04 FF 04 01 02 03}.
 *
 * <p>The server writes a binary payload when the client supports binary (it did not send {@code b64=1} at the
 * handshake) and the packets hold binary data; otherwise a text payload, with binary data as {@code b4<base64>}.
 */
public final class V3Payloads implements PayloadCodec {
    /** XHR2 clients (no {@code b64} at the handshake): binary payloads in answers that hold binary data. */
    public static final V3Payloads XHR2 = new V3Payloads(true);
    /** Clients that sent {@code b64} at the handshake: text payloads only, binary data as base64 packets. */
    public static final V3Payloads TEXT = new V3Payloads(false);

    /** The content type of a text payload (and of every engine.io 6 polling answer that is a string). */
    public static final String TEXT_CONTENT_TYPE = "text/plain; charset=UTF-8";
    /**
     * The content type of a binary payload. engine.io 6 reads a POST body as a binary payload when its
     * {@code Content-Type} is exactly this string ({@link #isBinaryContentType}); engine.io-client 3 switches its XHR to
     * an ArrayBuffer answer only for this value (or the same with {@code ; charset=UTF-8}).
     */
    public static final String BINARY_CONTENT_TYPE = "application/octet-stream";

    private static final byte[] EMPTY = {};
    private static final int STRING_MARKER = 0;
    private static final int BINARY_MARKER = 1;
    private static final int LENGTH_END = 255;

    private final boolean supportsBinary;

    private V3Payloads(boolean supportsBinary) {
        this.supportsBinary = supportsBinary;
    }

    /** The codec of a session whose handshake did ({@link #TEXT}) or did not ({@link #XHR2}) carry {@code b64}. */
    public static V3Payloads forHandshake(boolean b64) {
        return b64 ? TEXT : XHR2;
    }

    /** A binary payload when {@code contentType} is exactly {@value #BINARY_CONTENT_TYPE}, else a UTF-8 text payload. */
    @Override
    public List<InPacket> decode(ByteBuf body, String contentType) throws DecodeException {
        return decode(body, isBinaryContentType(contentType));
    }

    /** {@link #encode(ByteBufAllocator, List, boolean)} with this codec's binary support. */
    @Override
    public Encoded encode(ByteBufAllocator alloc, List<OutPacket> packets) {
        return encode(alloc, packets, supportsBinary);
    }

    /** Every content type: a binary payload or text (engine.io 6 refuses none for v3). */
    @Override
    public boolean acceptsPost(String contentType) { return true; }

    /**
     * Whether a POST with this {@code Content-Type} carries a binary payload: exactly {@value #BINARY_CONTENT_TYPE},
     * as engine.io 6 compares it (anything else, a missing header included, is a text payload).
     */
    public static boolean isBinaryContentType(String contentType) {
        return BINARY_CONTENT_TYPE.equals(contentType);
    }

    // ------------------------------------------------------------------------------------------------ decoding

    /**
     * Decodes a POST body: a binary payload when {@code binary} (see {@link #isBinaryContentType}), else UTF-8 text.
     * Borrows {@code body}.
     */
    public static List<InPacket> decode(ByteBuf body, boolean binary) throws DecodeException {
        return binary ? decodeBinary(body) : decodeText(Utf8.decode(body, body.readerIndex(), body.readableBytes()));
    }

    /**
     * Decodes a text payload. Empty packets ({@code 0:}) are skipped, as engine.io 6 skips them.
     *
     * @throws DecodeException {@link V3Rule#EMPTY_PAYLOAD}, {@link V3Rule#BAD_LENGTH}, {@link V3Rule#LENGTH_BEYOND_END},
     *         {@link V3Rule#TRAILING_DATA}, {@link V3Rule#UNKNOWN_PACKET_TYPE}, {@link V3Rule#INVALID_BASE64}
     */
    public static List<InPacket> decodeText(String payload) throws DecodeException {
        int len = payload.length();
        if (len == 0) throw V3Rule.EMPTY_PAYLOAD.exception();
        List<InPacket> out = new ArrayList<>(2);
        int i = 0;
        while (i < len) {
            long n = 0;
            int digits = 0;
            char c;
            while (i < len && (c = payload.charAt(i)) != ':') {
                if (c < '0' || c > '9') throw V3Rule.BAD_LENGTH.exception();
                n = n * 10 + (c - '0');
                if (n > len) throw V3Rule.LENGTH_BEYOND_END.exception(); // checked on every digit: no overflow
                digits++;
                i++;
            }
            if (i == len) throw V3Rule.TRAILING_DATA.exception(); // digits without ':'
            if (digits == 0) throw V3Rule.BAD_LENGTH.exception();
            i++; // ':'
            if (n > len - i) throw V3Rule.LENGTH_BEYOND_END.exception();
            int end = i + (int) n;
            if (n > 0) out.add(decodePacket(payload, i, end));
            i = end;
        }
        return out;
    }

    /**
     * Decodes one text packet {@code <type>[<data>]} or {@code b<type><base64>} between {@code start} and {@code end}
     * ({@code start < end}).
     */
    static InPacket decodePacket(String s, int start, int end) throws DecodeException {
        char type = s.charAt(start);
        if (type == 'b') {
            if (start + 1 == end) throw V3Rule.UNKNOWN_PACKET_TYPE.exception();
            char binaryType = s.charAt(start + 1);
            if (binaryType < '0' || binaryType > '6') throw V3Rule.UNKNOWN_PACKET_TYPE.exception();
            return new InPacket(binaryType, decodeBase64(s, start + 2, end));
        }
        if (type < '0' || type > '6') throw V3Rule.UNKNOWN_PACKET_TYPE.exception();
        return new InPacket(type, start + 1 == end ? "" : s.substring(start + 1, end));
    }

    /**
     * Standard base64 (padding optional); spaces, tabs and line breaks are skipped, as Node's decoder skips them (the
     * Android-style encoders of the Java clients end their output with a line break).
     */
    static byte[] decodeBase64(String s, int start, int end) throws DecodeException {
        if (start == end) return EMPTY;
        StringBuilder clean = null;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            boolean ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
            if (ws && clean == null) {
                clean = new StringBuilder(end - start);
                clean.append(s, start, i);
            } else if (!ws && clean != null) {
                clean.append(c);
            }
        }
        String b64 = clean != null ? clean.toString() : s.substring(start, end);
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw V3Rule.INVALID_BASE64.exception();
        }
    }

    /**
     * Decodes a binary payload (borrows {@code body}). An empty body has no packets. String entries go through the text
     * packet rules ({@code b} packets included), after strict UTF-8 decoding.
     *
     * @throws DecodeException {@link V3Rule#BAD_MARKER}, {@link V3Rule#BAD_LENGTH_DIGIT}, {@link V3Rule#LENGTH_BEYOND_END},
     *         {@link V3Rule#EMPTY_PACKET}, {@link V3Rule#UNKNOWN_PACKET_TYPE}, {@link V3Rule#INVALID_UTF8},
     *         {@link V3Rule#INVALID_BASE64}
     */
    public static List<InPacket> decodeBinary(ByteBuf body) throws DecodeException {
        List<InPacket> out = new ArrayList<>(2);
        int i = body.readerIndex();
        int end = body.writerIndex();
        while (i < end) {
            int marker = body.getUnsignedByte(i++);
            if (marker != STRING_MARKER && marker != BINARY_MARKER) throw V3Rule.BAD_MARKER.exception();
            long n = 0;
            int digits = 0;
            while (true) {
                if (i == end) throw V3Rule.BAD_LENGTH_DIGIT.exception();
                int d = body.getUnsignedByte(i++);
                if (d == LENGTH_END) break;
                if (d > 9) throw V3Rule.BAD_LENGTH_DIGIT.exception();
                n = n * 10 + d;
                if (n > end - i) throw V3Rule.LENGTH_BEYOND_END.exception(); // before any allocation
                digits++;
            }
            if (digits == 0) throw V3Rule.BAD_LENGTH_DIGIT.exception();
            if (n > end - i) throw V3Rule.LENGTH_BEYOND_END.exception();
            if (n == 0) throw V3Rule.EMPTY_PACKET.exception();
            int len = (int) n;
            if (marker == STRING_MARKER) {
                String s = Utf8.decode(body, i, len);
                out.add(decodePacket(s, 0, s.length()));
            } else {
                int type = body.getUnsignedByte(i);
                if (type > 6) throw V3Rule.UNKNOWN_PACKET_TYPE.exception();
                byte[] data = new byte[len - 1];
                body.getBytes(i + 1, data);
                out.add(new InPacket((char) ('0' + type), data));
            }
            i += len;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ encoding

    /**
     * Encodes packets as engine.io 6 answers a poll: a binary payload when {@code supportsBinary} and a packet holds
     * binary data, else a text payload (binary data as {@code b<type><base64>}).
     */
    public static Encoded encode(ByteBufAllocator alloc, List<OutPacket> packets, boolean supportsBinary) {
        if (supportsBinary && hasBinary(packets)) return new Encoded(encodeBinary(alloc, packets), BINARY_CONTENT_TYPE);
        return new Encoded(encodeText(alloc, packets), TEXT_CONTENT_TYPE);
    }

    /** Whether a packet holds binary data. */
    public static boolean hasBinary(List<OutPacket> packets) {
        for (OutPacket p : packets) if (p.data() instanceof byte[]) return true;
        return false;
    }

    /** A text payload as a string ({@code 0:} for no packets); binary data as {@code b<type><base64>}. */
    public static String encodeTextString(List<OutPacket> packets) {
        if (packets.isEmpty()) return "0:";
        StringBuilder sb = new StringBuilder();
        for (OutPacket p : packets) {
            if (p.data() instanceof byte[] b) {
                String b64 = Base64.getEncoder().encodeToString(b);
                sb.append(b64.length() + 2).append(":b").append(p.type()).append(b64);
            } else {
                String data = (String) p.data();
                sb.append(data == null ? 1 : data.length() + 1).append(':').append(p.type());
                if (data != null) sb.append(data);
            }
        }
        return sb.toString();
    }

    /** A text payload, UTF-8 (lone surrogates as U+FFFD, as Node writes them); the caller owns the buffer. */
    public static ByteBuf encodeText(ByteBufAllocator alloc, List<OutPacket> packets) {
        if (packets.isEmpty()) return alloc.buffer(2).writeByte('0').writeByte(':');
        int estimate = 0;
        for (OutPacket p : packets) estimate += 8 + p.estimatedSize();
        ByteBuf buf = alloc.buffer(estimate);
        boolean ok = false;
        try {
            // written packet by packet: a broadcast's text goes through the shared per-thread UTF-8 cache
            for (OutPacket p : packets) {
                if (p.data() instanceof byte[] b) {
                    byte[] b64 = Base64.getEncoder().encode(b);
                    writeAsciiNumber(buf, b64.length + 2);
                    buf.writeByte(':').writeByte('b').writeByte(p.type()).writeBytes(b64);
                } else {
                    String data = (String) p.data();
                    writeAsciiNumber(buf, data == null ? 1 : data.length() + 1);
                    buf.writeByte(':').writeByte(p.type());
                    if (data != null) TextPackets.writeUtf8(buf, data);
                }
            }
            ok = true;
            return buf;
        } finally {
            if (!ok) buf.release();
        }
    }

    /** A binary payload (strings UTF-8 with lone surrogates as U+FFFD, as parser-v3 writes them); the caller owns it. */
    public static ByteBuf encodeBinary(ByteBufAllocator alloc, List<OutPacket> packets) {
        int size = 0;
        for (OutPacket p : packets) {
            int n = contentLength(p);
            size += 2 + decimalDigits(n) + n;
        }
        ByteBuf buf = alloc.buffer(size);
        boolean ok = false;
        try {
            for (OutPacket p : packets) {
                int n = contentLength(p);
                buf.writeByte(p.data() instanceof byte[] ? BINARY_MARKER : STRING_MARKER);
                writeDigits(buf, n);
                buf.writeByte(LENGTH_END);
                if (p.data() instanceof byte[] b) {
                    buf.writeByte(p.type() - '0');
                    buf.writeBytes(b);
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

    private static int contentLength(OutPacket p) {
        if (p.data() instanceof byte[] b) return 1 + b.length;
        return 1 + (p.data() == null ? 0 : Utf8.length((String) p.data()));
    }

    /** {@code n} in decimal ASCII digits. */
    private static void writeAsciiNumber(ByteBuf buf, int n) {
        int digits = decimalDigits(n);
        int div = 1;
        for (int i = 1; i < digits; i++) div *= 10;
        for (; div > 0; div /= 10) buf.writeByte('0' + (n / div) % 10);
    }

    private static int decimalDigits(int n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }

    private static void writeDigits(ByteBuf buf, int n) {
        int digits = decimalDigits(n);
        int div = 1;
        for (int i = 1; i < digits; i++) div *= 10;
        for (; div > 0; div /= 10) buf.writeByte((n / div) % 10);
    }
}
