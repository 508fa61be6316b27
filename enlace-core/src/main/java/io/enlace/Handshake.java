package io.enlace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enlace.parser.JsonParser;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The details of the connection a {@link Socket} was opened on, as the reference {@code socket.handshake}. Immutable.
 *
 * <p>Besides the trees and maps, the auth object and the query bind to your own types with Jackson (the server's
 * {@code ObjectMapper}):
 * <pre>{@code
 * record Credentials(String token, String room) {}
 * record Query(String lang, int page) {}
 *
 * io.use((socket, next) -> {
 *     Credentials c = socket.handshake().auth(Credentials.class);   // socket.handshake.auth in Node
 *     Query q = socket.handshake().query(Query.class);              // ?lang=es&page=2; numbers are converted
 *     if (c.token() == null) next.fail(new ConnectError("not authorized"));
 *     else next.ok();
 * });
 * }</pre>
 */
public final class Handshake {
    private final Map<String, String> headers;
    private final String time;
    private final String address;
    private final boolean xdomain;
    private final boolean secure;
    private final long issued;
    private final String url;
    private final Map<String, List<String>> query;
    private final JsonNode auth;
    private final ObjectMapper mapper;

    /**
     * The details of a handshake, binding with Enlace's default mapper ({@link JsonParser#defaultMapper()}).
     *
     * @param headers header names in lower case; repeated headers joined with {@code ", "}
     * @param time    when the socket was created, as text ({@code Date.toString()} style)
     * @param address the remote address of the client (IP literal)
     * @param xdomain true when the request carried an {@code Origin} header
     * @param secure  true over TLS
     * @param issued  when the socket was created, in ms since the epoch
     * @param url     the request URI of the Engine.IO handshake (path and query)
     * @param query   decoded query parameters of the handshake request
     * @param auth    the auth object of the CONNECT packet ({@code {}} when none)
     */
    public Handshake(Map<String, String> headers, String time, String address, boolean xdomain, boolean secure,
                     long issued, String url, Map<String, List<String>> query, JsonNode auth) {
        this(headers, time, address, xdomain, secure, issued, url, query, auth, null);
    }

    /** Like the other constructor; {@link #auth(Class)} and {@link #query(Class)} bind with {@code mapper}. */
    public Handshake(Map<String, String> headers, String time, String address, boolean xdomain, boolean secure,
                     long issued, String url, Map<String, List<String>> query, JsonNode auth, ObjectMapper mapper) {
        this.headers = headers;
        this.time = time;
        this.address = address;
        this.xdomain = xdomain;
        this.secure = secure;
        this.issued = issued;
        this.url = url;
        this.query = query;
        this.auth = auth;
        this.mapper = mapper;
    }

    /** Header names in lower case; repeated headers joined with {@code ", "}. */
    public Map<String, String> headers() { return headers; }

    /** When the socket was created, as text ({@code Date.toString()} style). */
    public String time() { return time; }

    /** The remote address of the client (IP literal). */
    public String address() { return address; }

    /** True when the request carried an {@code Origin} header. */
    public boolean xdomain() { return xdomain; }

    /** True over TLS. */
    public boolean secure() { return secure; }

    /** When the socket was created, in ms since the epoch. */
    public long issued() { return issued; }

    /** The request URI of the Engine.IO handshake (path and query). */
    public String url() { return url; }

    /** Decoded query parameters of the handshake request (a repeated parameter has several values). */
    public Map<String, List<String>> query() { return query; }

    /** The auth object of the CONNECT packet ({@code {}} when none). */
    public JsonNode auth() { return auth; }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A header value (name in any case), or null. */
    public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

    /**
     * The auth object bound to {@code type} (Node's {@code socket.handshake.auth}, typed); fields the client did not
     * send stay null (or their default).
     *
     * @throws IllegalArgumentException when the client's auth does not fit {@code type}, with Jackson's reason
     */
    public <T> T auth(Class<T> type) {
        try {
            return mapper().treeToValue(auth, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the handshake auth is not a " + type.getName() + ": " + message(e), e);
        }
    }

    /**
     * The query parameters bound to {@code type}: a parameter given once is a string (or a one-element list for a list
     * field), given several times a list; Jackson converts strings to numbers and booleans where {@code type} asks
     * for them.
     *
     * @throws IllegalArgumentException when the query does not fit {@code type}, with Jackson's reason
     */
    public <T> T query(Class<T> type) {
        Map<String, Object> flat = new LinkedHashMap<>();
        query.forEach((k, v) -> flat.put(k, v.size() == 1 ? v.get(0) : v));
        ObjectMapper m = mapper();
        try {
            return m.readerFor(type).with(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY).readValue((JsonNode) m.valueToTree(flat));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the handshake query is not a " + type.getName() + ": " + message(e), e);
        }
    }

    private ObjectMapper mapper() { return mapper != null ? mapper : DefaultMapper.INSTANCE; }

    private static final class DefaultMapper {
        static final ObjectMapper INSTANCE = JsonParser.defaultMapper();
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake h && xdomain == h.xdomain && secure == h.secure && issued == h.issued
                && Objects.equals(headers, h.headers) && Objects.equals(time, h.time) && Objects.equals(address, h.address)
                && Objects.equals(url, h.url) && Objects.equals(query, h.query) && Objects.equals(auth, h.auth);
    }

    @Override
    public int hashCode() { return Objects.hash(headers, time, address, xdomain, secure, issued, url, query, auth); }

    @Override
    public String toString() {
        return "Handshake[headers=" + headers + ", time=" + time + ", address=" + address + ", xdomain=" + xdomain
                + ", secure=" + secure + ", issued=" + issued + ", url=" + url + ", query=" + query + ", auth=" + auth + "]";
    }
}
