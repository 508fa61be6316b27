package io.enlace;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The details of the connection a {@link Socket} was opened on, as the reference {@code socket.handshake}.
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
public record Handshake(Map<String, String> headers, String time, String address, boolean xdomain, boolean secure,
                        long issued, String url, Map<String, List<String>> query, JsonNode auth) {

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A header value (name in any case), or null. */
    public String header(String name) { return headers.get(name.toLowerCase(java.util.Locale.ROOT)); }
}
