package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.Handshake;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Handshake} to and from the shape of Node's {@code socket.handshake} on the cluster wire (a {@code fetchSockets}
 * answer): {@code {headers, time, address, xdomain, secure, issued, url, query, auth}}, in that order. {@code query}
 * has a string per parameter, an array for a repeated one; {@code headers} a string per header (Node may send an array
 * for a repeated one: joined with {@code ", "}, as Enlace keeps them). Stateless.
 */
final class HandshakeJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HandshakeJson() {}

    /** The wire form of {@code h} (a new tree). */
    static ObjectNode toJson(Handshake h) {
        ObjectNode hs = NODES.objectNode();
        ObjectNode headers = hs.putObject("headers");
        h.headers().forEach(headers::put);
        hs.put("time", h.time());
        hs.put("address", h.address());
        hs.put("xdomain", h.xdomain());
        hs.put("secure", h.secure());
        hs.put("issued", h.issued());
        hs.put("url", h.url());
        ObjectNode query = hs.putObject("query");
        h.query().forEach((k, v) -> {
            if (v.size() == 1) {
                query.put(k, v.get(0));
            } else {
                ArrayNode a = query.putArray(k);
                v.forEach(a::add);
            }
        });
        hs.set("auth", h.auth() != null ? h.auth() : NODES.objectNode());
        return hs;
    }

    /**
     * A handshake from its wire form; missing parts are empty (no headers, no query, {@code {}} auth, null texts, 0
     * issued), as for a {@code null} tree. {@link Handshake#auth(Class)} and {@link Handshake#query(Class)} bind with
     * {@code mapper}.
     */
    static Handshake fromJson(ObjectNode json, ObjectMapper mapper) {
        JsonNode hs = json != null ? json : NODES.missingNode();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = hs.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            headers.put(e.getKey(), e.getValue().isArray() ? join(e.getValue()) : e.getValue().asText());
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = hs.path("query").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) e.getValue().forEach(v -> values.add(v.asText()));
            else values.add(e.getValue().asText());
            query.put(e.getKey(), List.copyOf(values));
        }
        return new Handshake(headers, hs.path("time").asText(null), hs.path("address").asText(null),
                hs.path("xdomain").asBoolean(false), hs.path("secure").asBoolean(false), hs.path("issued").asLong(0),
                hs.path("url").asText(null), query, hs.has("auth") ? hs.get("auth") : NODES.objectNode(), mapper);
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(v -> parts.add(v.asText()));
        return String.join(", ", parts);
    }
}
