package io.enlace.internal.engine;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The texts of the handshakes of one engine (URL, header names and values, query parameters), shared between the
 * sessions that repeat them, so that ten thousand sessions from the same page keep one {@code String} of its URL and
 * one of its User-Agent rather than ten thousand copies. Thread-safe: the cache of recent texts is racy by design (two
 * loops storing at once only miss a share, never mix texts up).
 */
final class SharedTexts {

    /**
     * A read-only copy of {@code h} whose names and values are shared texts where possible (common names as usually
     * spelled, values an earlier handshake of this engine had).
     */
    HttpHeaders readOnlyCopy(HttpHeaders h) {
        return new ReadOnlyHttpHeaders(true, flatten(h));
    }

    private CharSequence[] flatten(HttpHeaders h) {
        CharSequence[] out = new CharSequence[h.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : h) {
            String name = shared(e.getKey());
            String value = shared(e.getValue());
            // a WebSocket key is never seen twice, cookies and credentials rarely: they would only evict useful entries
            if (value == e.getValue() && !HttpHeaderNames.SEC_WEBSOCKET_KEY.contentEqualsIgnoreCase(name)
                    && !HttpHeaderNames.COOKIE.contentEqualsIgnoreCase(name)
                    && !HttpHeaderNames.AUTHORIZATION.contentEqualsIgnoreCase(name)) {
                value = recent(value);
            }
            out[i++] = name;
            out[i++] = value;
        }
        return out;
    }

    /** Ways per set of {@link #recentTexts}: a handshake brings four or five such texts, so that even when all of
     * them fall into one set they do not evict each other (with two ways, three texts of one handshake in one set
     * evicted each other at every handshake, so none of them was ever shared). */
    private static final int WAYS = 4;

    /**
     * Texts that handshakes of this engine repeat (the URL, Host, User-Agent, Origin...): a session keeps the instance
     * an earlier handshake left here when the text is equal. 64 sets of {@value #WAYS}, newest first; a race between
     * loops only misses a share.
     */
    private final AtomicReferenceArray<String> recentTexts = new AtomicReferenceArray<>(64 * WAYS);

    /** {@code s}, or an equal instance an earlier handshake left here (then {@code s} is garbage sooner). */
    String recent(String s) {
        if (s.length() > 256) return s;
        int set = setOf(s) * WAYS; // the set's first slot
        for (int i = set; i < set + WAYS; i++) {
            String t = recentTexts.get(i);
            if (t == null) break;
            if (s.equals(t)) return t;
        }
        // newest first, the oldest one of the set dropped
        for (int i = set + WAYS - 1; i > set; i--) recentTexts.set(i, recentTexts.get(i - 1));
        recentTexts.set(set, s);
        return s;
    }

    /** The set (0 to 63) that {@code s} is kept in. */
    static int setOf(String s) {
        return (s.hashCode() * 0x9E3779B9) >>> 26;
    }

    /**
     * Header names and values that nearly every handshake carries, as they are usually spelled: a session keeps the
     * shared instance instead of its own copy of an equal string (the text is the same).
     */
    private static final Map<String, String> COMMON_HEADER_TEXT;
    static {
        Map<String, String> m = new HashMap<>();
        for (String t : new String[] {
                "Host", "host", "Upgrade", "upgrade", "Connection", "connection", "Sec-WebSocket-Key",
                "sec-websocket-key", "Sec-WebSocket-Version", "sec-websocket-version", "Sec-WebSocket-Extensions",
                "sec-websocket-extensions", "User-Agent", "user-agent", "Origin", "origin", "Accept", "accept",
                "Accept-Encoding", "accept-encoding", "Accept-Language", "accept-language", "Cache-Control",
                "cache-control", "Pragma", "pragma", "Cookie", "cookie", "Content-Type", "content-type",
                "Content-Length", "content-length", "Referer", "referer", "websocket", "WebSocket", "Upgrade",
                "keep-alive", "Keep-Alive", "close", "13", "no-cache", "*/*", "gzip, deflate", "gzip, deflate, br",
                "permessage-deflate; client_max_window_bits", "text/plain;charset=UTF-8",
                // query parameters of a handshake
                "EIO", "4", "3", "transport", "polling", "t", "b64", "1", "true"}) {
            m.put(t, t);
        }
        COMMON_HEADER_TEXT = Map.copyOf(m);
    }

    /** An immutable copy of the query whose common names and values ("EIO", "4", "transport"...) are shared strings. */
    static Map<String, List<String>> sharedQuery(Map<String, List<String>> query) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, List<String>>[] out = new Map.Entry[query.size()];
        int i = 0;
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            List<String> values = e.getValue();
            List<String> copy = values.size() == 1 ? sharedList(values.get(0))
                    : values.stream().map(SharedTexts::shared).toList();
            out[i++] = Map.entry(shared(e.getKey()), copy);
        }
        return Map.ofEntries(out);
    }

    /** One-element lists of the common texts ("4", "websocket"...), shared by every session's query. */
    private static final Map<String, List<String>> COMMON_VALUE_LISTS;
    static {
        Map<String, List<String>> m = new HashMap<>();
        for (String t : COMMON_HEADER_TEXT.values()) m.put(t, List.of(t));
        COMMON_VALUE_LISTS = Map.copyOf(m);
    }

    /** An immutable one-element list of {@code value}: a shared one for common values. */
    private static List<String> sharedList(String value) {
        List<String> common = value.length() <= 48 ? COMMON_VALUE_LISTS.get(value) : null;
        return common != null ? common : List.of(value);
    }

    private static String shared(String s) {
        String c = s.length() <= 48 ? COMMON_HEADER_TEXT.get(s) : null;
        return c != null ? c : s;
    }
}
