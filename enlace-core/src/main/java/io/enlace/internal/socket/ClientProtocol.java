package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Socket.IO protocol rules that depend on the revision a client speaks, chosen from its Engine.IO revision
 * ({@link #of}): revision 5 over Engine.IO 4 (socket.io-client 3 and later) and revision 4 over Engine.IO 3
 * (socket.io-client 2, accepted with {@code allowEIO3}), as Node's socket.io 4.8 serves each. Stateless.
 */
enum ClientProtocol {
    /** Socket.IO 5 over Engine.IO 4. */
    V5,

    /**
     * Socket.IO 4 over Engine.IO 3 (the v2 clients): the main namespace is joined when the session opens, without a
     * CONNECT; a CONNECT names its namespace with an optional query, which is the socket's {@code auth}; the CONNECT
     * reply has no body; a refusal's body is the error's data, or its message as a JSON string; the socket id is the
     * engine id ({@code <namespace>#<engine id>} outside {@code /}); no connection state recovery.
     */
    V4_OVER_EIO3 {
        @Override boolean connectsMainImplicitly() { return true; }

        @Override boolean recovers() { return false; }

        @Override String socketId(String namespace, String engineId) {
            return "/".equals(namespace) ? engineId : namespace + "#" + engineId;
        }

        @Override String namespace(String packetNsp) {
            int end = queryStart(packetNsp);
            return end < 0 ? packetNsp : pathOf(packetNsp.substring(0, end));
        }

        @Override JsonNode connectAuth(String packetNsp, JsonNode packetData) {
            ObjectNode auth = NODES.objectNode();
            int hash = packetNsp.indexOf('#');
            int end = hash < 0 ? packetNsp.length() : hash; // a fragment is no part of the query
            int q = packetNsp.indexOf('?');
            if (q < 0 || q > end) return auth;
            String query = packetNsp.substring(q + 1, end);
            for (String pair : query.split("&", -1)) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String key = formDecode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1));
                auth.put(key, value); // the last of duplicates wins, as Object.fromEntries over URLSearchParams
            }
            return auth;
        }

        @Override JsonNode connectReply(String sid, String pid) { return null; }

        @Override JsonNode connectError(String message, JsonNode data) {
            return truthy(data) ? data : NODES.textNode(message);
        }
    };

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The rules for a client on Engine.IO revision {@code engineProtocol}.
     *
     * @throws IllegalArgumentException for a revision Enlace does not speak (the engine refuses such clients at the
     *                                  handshake, so this is a bug)
     */
    static ClientProtocol of(int engineProtocol) {
        if (engineProtocol == 4) return V5;
        if (engineProtocol == 3) return V4_OVER_EIO3;
        throw new IllegalArgumentException("no Socket.IO protocol for Engine.IO revision " + engineProtocol);
    }

    /** Whether the main namespace {@code /} is joined without a CONNECT packet from the client (false in v5). */
    boolean connectsMainImplicitly() { return false; }

    /** Whether sockets of this revision take part in connection state recovery (get a {@code pid}, are restored). */
    boolean recovers() { return true; }

    /** The id of a new socket of namespace {@code namespace} on the engine session {@code engineId}. */
    String socketId(String namespace, String engineId) { return Payloads.newId(); }

    /** The namespace a packet addresses, from the namespace field it carries. */
    String namespace(String packetNsp) { return packetNsp; }

    /** The {@code auth} of a CONNECT packet (null when it has none: {@code {}} is made when asked for). */
    JsonNode connectAuth(String packetNsp, JsonNode packetData) { return packetData; }

    /** The body of the CONNECT reply: {@code {sid}}, plus {@code pid} with connection state recovery; null: none. */
    JsonNode connectReply(String sid, String pid) {
        ObjectNode reply = NODES.objectNode();
        reply.put("sid", sid);
        if (pid != null) reply.put("pid", pid);
        return reply;
    }

    /** The body of a CONNECT_ERROR sent for a refusal: {@code {message}}, plus {@code data} when the error has some. */
    JsonNode connectError(String message, JsonNode data) {
        ObjectNode body = NODES.objectNode();
        body.put("message", message);
        if (data != null) body.set("data", data);
        return body;
    }

    /** The body of the CONNECT_ERROR for a namespace that does not exist (the same in every revision). */
    static JsonNode invalidNamespace() {
        return NODES.objectNode().put("message", "Invalid namespace");
    }

    // ---------------------------------------------------------------- v3 namespace parsing (URL path and query)

    /** Where the query or fragment of a namespace starts, or -1. */
    private static int queryStart(String nsp) {
        for (int i = 0, n = nsp.length(); i < n; i++) {
            char c = nsp.charAt(i);
            if (c == '?' || c == '#') return i;
        }
        return -1;
    }

    /** The path part as a URL resolved against {@code https://host} has it: starting with {@code /}. */
    private static String pathOf(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    /** {@code application/x-www-form-urlencoded} decoding as URLSearchParams: {@code +} is a space, bad escapes stay. */
    private static String formDecode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%' && i + 2 < n && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < n && Character.isLowSurrogate(s.charAt(end))) end++;
                out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8); // malformed UTF-8 becomes U+FFFD, as the reference decodes
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** JavaScript truthiness of a JSON value ({@code err.data || err.message}). */
    private static boolean truthy(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) return false;
        if (data.isBoolean()) return data.booleanValue();
        if (data.isNumber()) return data.doubleValue() != 0 && !Double.isNaN(data.doubleValue());
        if (data.isTextual()) return !data.textValue().isEmpty();
        return true;
    }
}
