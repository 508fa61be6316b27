package io.enlace.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.Handshake;
import io.enlace.RemoteSocket;
import io.enlace.Socket;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin UI's view of a socket, the reference {@code serialize(socket, nsp)}: {@code {id, clientId, transport, nsp,
 * data, handshake: {address, headers, query, issued, secure, time, url, xdomain}, rooms}}, where {@code clientId} is
 * the first 12 characters of the Engine.IO id and {@code data} is the socket's data without the {@code _admin} key that
 * Node nodes add. Dates are ISO-8601 strings with milliseconds, as {@code JSON.stringify(new Date())}.
 */
final class Serializer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper;

    Serializer(ObjectMapper mapper) { this.mapper = mapper; }

    /** Now, as the UI's timestamps. */
    static String now() { return ISO.format(Instant.now()); }

    /** A socket of this server. */
    ObjectNode local(Socket socket) {
        String engineId = socket.conn().id();
        return socket(socket.id(), engineId.substring(0, Math.min(12, engineId.length())), socket.conn().transportName(),
                socket.nsp().name(), socket.data(), socket.handshake(), socket.rooms());
    }

    /**
     * A socket found by {@code fetchSockets}: {@code local} is the same socket when it is on this server (then its
     * connection gives the client id and the transport), else null (a Node node puts them in {@code data._admin}).
     */
    ObjectNode fetched(RemoteSocket remote, Socket local, String nsp) {
        if (local != null) return local(local);
        JsonNode admin = remote.data() instanceof JsonNode d ? d.path("_admin") : F.missingNode();
        return socket(remote.id(), text(admin.get("clientId")), text(admin.get("transport")), nsp, remote.data(),
                remote.handshake(), remote.rooms());
    }

    private static String text(JsonNode n) { return n == null || !n.isTextual() ? null : n.textValue(); }

    private ObjectNode socket(String id, String clientId, String transport, String nsp, Object data, Handshake h,
                              Set<String> rooms) {
        ObjectNode out = F.objectNode();
        out.put("id", id);
        if (clientId != null) out.put("clientId", clientId);
        if (transport != null) out.put("transport", transport);
        out.put("nsp", nsp);
        out.set("data", data(data));
        out.set("handshake", handshake(h));
        ArrayNode r = out.putArray("rooms");
        for (String room : rooms) r.add(room);
        return out;
    }

    /** The socket data for the UI: an object without {@code _admin} ({@code {}} when there is none). */
    JsonNode data(Object data) {
        if (data == null) return F.objectNode();
        JsonNode tree;
        try {
            tree = data instanceof JsonNode n ? n : mapper.valueToTree(data);
        } catch (IllegalArgumentException e) {
            ObjectNode err = F.objectNode();
            err.put("_unserializable", data.getClass().getName());
            return err;
        }
        if (tree instanceof ObjectNode o && o.has("_admin")) {
            ObjectNode copy = o.deepCopy();
            copy.remove("_admin");
            return copy;
        }
        return tree;
    }

    private static JsonNode handshake(Handshake h) {
        ObjectNode out = F.objectNode();
        if (h == null) return out;
        Map<String, String> headers = h.headers() == null ? Map.of() : h.headers();
        String address = headers.getOrDefault("cf-connecting-ip", headers.getOrDefault("x-forwarded-for", h.address()));
        if (address != null) out.put("address", address);
        ObjectNode hs = out.putObject("headers");
        headers.forEach(hs::put);
        ObjectNode q = out.putObject("query");
        if (h.query() != null) {
            for (Map.Entry<String, List<String>> e : h.query().entrySet()) {
                List<String> v = e.getValue();
                if (v.size() == 1) {
                    q.put(e.getKey(), v.get(0));
                } else {
                    ArrayNode a = q.putArray(e.getKey());
                    v.forEach(a::add);
                }
            }
        }
        out.put("issued", h.issued());
        out.put("secure", h.secure());
        if (h.time() != null) out.put("time", h.time());
        if (h.url() != null) out.put("url", h.url());
        out.put("xdomain", h.xdomain());
        return out;
    }
}
