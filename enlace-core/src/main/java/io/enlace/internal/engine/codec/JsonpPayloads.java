package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSONP polling, engine.io 6's transport for v3 clients that send a {@code j} query parameter (engine.io-client 3 with
 * {@code forceJSONP}, or where XHR cannot reach the server).
 *
 * <p><b>Answers</b> (GET): {@code ___eio[<j>]("<text payload as a JavaScript string>");} where {@code <j>} keeps only
 * the digits of the {@code j} parameter, and the string is {@code JSON.stringify} of the text payload with U+2028 and
 * U+2029 escaped too (JSON allows them raw, JavaScript string literals did not). Content type: that of every string
 * answer of engine.io 6, {@value V3Payloads#TEXT_CONTENT_TYPE}. Binary data is always a {@code b4<base64>} packet:
 * JSONP clients send {@code b64=1} (engine.io 6 would otherwise write a Buffer as JSON, which no client reads).
 *
 * <p><b>POST bodies</b>: the HTML form of the client, {@code application/x-www-form-urlencoded}, whose field {@code d}
 * holds the text payload with each newline written {@code \n} (backslash, n) and each backslash-n written
 * {@code \\n} (so that the browser cannot turn newlines into CRLF); the server undoes that with engine.io 6's two
 * replacements, then decodes the text payload. The answer is {@code ok}, as for XHR.
 */
public final class JsonpPayloads implements PayloadCodec {
    private static final Pattern SLASHES = Pattern.compile("(\\\\)?\\\\n");
    private static final Pattern DOUBLE_SLASHES = Pattern.compile("\\\\\\\\n");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String index;

    /** The codec of a session whose handshake carried {@code j} (any value: the callback index is its digits). */
    public JsonpPayloads(String j) {
        this.index = callbackIndex(j);
    }

    /** The callback index of this session's answers. */
    public String index() { return index; }

    /** The form body's {@code d} field, whatever the {@code Content-Type} (engine.io 6 checks none for JSONP). */
    @Override
    public List<InPacket> decode(ByteBuf body, String contentType) throws DecodeException {
        return decodePost(body);
    }

    /** A JSONP answer, {@value V3Payloads#TEXT_CONTENT_TYPE}. */
    @Override
    public Encoded encode(ByteBufAllocator alloc, List<OutPacket> packets) {
        return new Encoded(encode(alloc, index, packets), V3Payloads.TEXT_CONTENT_TYPE);
    }

    /** Every content type (engine.io 6 reads the form whatever the header says). */
    @Override
    public boolean acceptsPost(String contentType) { return true; }

    /** The callback index of the answers: the digits of the {@code j} query parameter, in order (may be empty). */
    public static String callbackIndex(String j) {
        StringBuilder sb = new StringBuilder(j.length());
        for (int i = 0; i < j.length(); i++) {
            char c = j.charAt(i);
            if (c >= '0' && c <= '9') sb.append(c);
        }
        return sb.toString();
    }

    /**
     * A JSONP answer for {@code packets} (binary data as base64), UTF-8; the caller owns the buffer.
     *
     * @param index the callback index ({@link #callbackIndex})
     */
    public static ByteBuf encode(ByteBufAllocator alloc, String index, List<OutPacket> packets) {
        String js = "___eio[" + index + "](" + jsString(V3Payloads.encodeTextString(packets)) + ");";
        ByteBuf buf = alloc.buffer(Utf8.length(js));
        boolean ok = false;
        try {
            Utf8.write(buf, js);
            ok = true;
            return buf;
        } finally {
            if (!ok) buf.release();
        }
    }

    /**
     * {@code JSON.stringify(s)} with U+2028 and U+2029 escaped: quotes, backslash, {@code \b \f \n \r \t}, other
     * controls below U+0020 and lone surrogates as lowercase {@code \}{@code uXXXX}; everything else as it is.
     */
    static String jsString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16).append('"');
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\u2028', '\u2029' -> unicodeEscape(sb, c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(sb, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void unicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }

    /**
     * Decodes a JSONP POST body (borrows {@code body}): strict UTF-8, the one {@code d} field of the form (keys and
     * values percent-decoded, {@code +} as a space, then strict UTF-8), the newline unescaping, the text payload.
     *
     * @throws DecodeException {@link V3Rule#INVALID_UTF8}, {@link V3Rule#MISSING_JSONP_DATA},
     *         {@link V3Rule#DUPLICATE_JSONP_DATA}, {@link V3Rule#INVALID_PERCENT_ENCODING}, and those of
     *         {@link V3Payloads#decodeText}
     */
    public static List<InPacket> decodePost(ByteBuf body) throws DecodeException {
        String form = Utf8.decode(body, body.readerIndex(), body.readableBytes());
        return V3Payloads.decodeText(unescapeNewlines(formField(form, "d")));
    }

    /** engine.io 6's unescaping of a JSONP POST: {@code \n} becomes a newline, then {@code \\n} becomes {@code \n}. */
    static String unescapeNewlines(String data) {
        String once = SLASHES.matcher(data).replaceAll(m -> m.group(1) != null ? Matcher.quoteReplacement(m.group()) : "\n");
        return DOUBLE_SLASHES.matcher(once).replaceAll(Matcher.quoteReplacement("\\n"));
    }

    /** The value of the one field named {@code name} of a form-encoded body (one pass over it). */
    static String formField(String form, String name) throws DecodeException {
        String value = null;
        int start = 0;
        int len = form.length();
        while (start <= len) {
            int amp = form.indexOf('&', start);
            int end = amp < 0 ? len : amp;
            if (end > start) {
                int keyEnd = start; // the field's first '=', looked for within the field only: linear in the body
                while (keyEnd < end && form.charAt(keyEnd) != '=') keyEnd++;
                if (name.equals(formDecode(form, start, keyEnd))) {
                    if (value != null) throw V3Rule.DUPLICATE_JSONP_DATA.exception();
                    value = keyEnd == end ? "" : formDecode(form, keyEnd + 1, end);
                }
            }
            start = end + 1;
        }
        if (value == null) throw V3Rule.MISSING_JSONP_DATA.exception();
        return value;
    }

    /** application/x-www-form-urlencoded decoding of {@code s[start, end)}: {@code +} is a space, {@code %XX} a byte. */
    static String formDecode(String s, int start, int end) throws DecodeException {
        boolean plain = true;
        for (int i = start; i < end && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && c != '+';
        }
        if (plain) return s.substring(start, end);
        byte[] bytes = new byte[(end - start) * 3]; // a char is at most 3 UTF-8 bytes (a surrogate pair: 4 for 2 chars)
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes[n++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= end) throw V3Rule.INVALID_PERCENT_ENCODING.exception();
                int hi = hexDigit(s.charAt(i + 1));
                int lo = hexDigit(s.charAt(i + 2));
                if (hi < 0 || lo < 0) throw V3Rule.INVALID_PERCENT_ENCODING.exception();
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                int cp = Character.codePointAt(s, i);
                if (cp > 0xFFFF) i++;
                byte[] u = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(u, 0, bytes, n, u.length);
                n += u.length;
            }
        }
        return Utf8.decode(bytes, n);
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would also take non-ASCII digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
