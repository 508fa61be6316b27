package io.enlace.internal.socket;

import io.netty.handler.codec.http.HttpHeaders;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request headers as {@code Handshake.headers()} shows them (names in lower case, repeated headers joined with
 * {@code ", "}), read from the session's own read-only headers instead of kept as a second copy per connection.
 * Lookups by name read the headers directly; iteration (and size, equality) builds the full map once. Unmodifiable.
 */
final class HeaderMap extends AbstractMap<String, String> {
    private final HttpHeaders headers;
    private volatile Map<String, String> full;

    private HeaderMap(HttpHeaders headers) { this.headers = headers; }

    /** A view of these headers; an empty map when there are none. */
    static Map<String, String> of(HttpHeaders headers) {
        return headers == null || headers.isEmpty() ? Map.of() : new HeaderMap(headers);
    }

    @Override
    public String get(Object key) {
        if (!(key instanceof String name) || !isLowerAscii(name)) return key instanceof String ? full().get(key) : null;
        List<String> values = headers.getAll(name);
        if (values.isEmpty()) return null;
        return values.size() == 1 ? values.get(0) : String.join(", ", values);
    }

    @Override
    public boolean containsKey(Object key) { return get(key) != null; }

    @Override
    public Set<Entry<String, String>> entrySet() { return full().entrySet(); }

    @Override
    public int size() { return full().size(); }

    private Map<String, String> full() {
        Map<String, String> m = full;
        if (m == null) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : headers) {
                out.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + ", " + b);
            }
            m = Collections.unmodifiableMap(out);
            full = m;
        }
        return m;
    }

    /** True for a name of ASCII characters without upper case: HTTP header lookups match it exactly. */
    private static boolean isLowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) return false;
        }
        return true;
    }
}
