package io.enlace.internal.engine;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

import java.util.List;
import java.util.Map;

/**
 * What the request checks need of an engine request: its method, URI, headers, the query (parsed as Node does:
 * lenient, a later parameter replaces an earlier one, never a refusal) and whether it asks for a WebSocket upgrade.
 */
public record RequestHead(HttpMethod method, String uri, HttpHeaders headers, Map<String, List<String>> query,
                          boolean isUpgrade) {

    /** The head of {@code req}. */
    public static RequestHead of(HttpRequest req) {
        HttpHeaders h = req.headers();
        boolean upgrade = req.method().equals(HttpMethod.GET)
                && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && "websocket".equalsIgnoreCase(h.get(HttpHeaderNames.UPGRADE));
        return new RequestHead(req.method(), req.uri(), h, QueryParams.parse(req.uri()), upgrade);
    }

    /** The last value of a query parameter, or null. */
    public String param(String name) {
        return QueryParams.last(query, name);
    }
}
