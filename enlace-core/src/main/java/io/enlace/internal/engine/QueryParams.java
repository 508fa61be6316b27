package io.enlace.internal.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of a request URI, parsed as Node's engine.io does it ({@code new URL(req.url).searchParams}, the WHATWG
 * {@code application/x-www-form-urlencoded} parser): {@code +} is a space, a {@code %} not followed by two hex digits
 * stays as it is, decoded bytes that are not UTF-8 become U+FFFD, a fragment ({@code #...}) is not part of the query.
 * It never fails, so a malformed parameter the engine does not use cannot refuse a request. Stateless.
 */
final class QueryParams {
    private QueryParams() {}

    /** Every parameter of {@code uri}'s query, in order; a repeated name keeps all its values, in order. */
    public static Map<String, List<String>> parse(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) return Collections.emptyMap();
        int end = uri.indexOf('#', q + 1);
        if (end < 0) end = uri.length();
        Map<String, List<String>> out = new LinkedHashMap<>();
        int start = q + 1;
        while (start <= end) {
            int amp = uri.indexOf('&', start);
            if (amp < 0 || amp > end) amp = end;
            if (amp > start) {
                int eq = uri.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq >= amp) {
                    name = decode(uri, start, amp);
                    value = "";
                } else {
                    name = decode(uri, start, eq);
                    value = decode(uri, eq + 1, amp);
                }
                out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = amp + 1;
        }
        return out;
    }

    /** The last value of {@code name} (as Node, where a later parameter replaces an earlier one), or null. */
    public static String last(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    /** Percent-decodes {@code s[from, to)} leniently, {@code +} as a space, then UTF-8 with replacement characters. */
    static String decode(String s, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                plain = false;
                break;
            }
        }
        if (plain) return s.substring(from, to);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < to && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(b, 0, b.length);
            }
        }
        // String(byte[], UTF_8) replaces malformed sequences with U+FFFD, as the WHATWG "UTF-8 decode" does
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
