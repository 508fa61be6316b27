package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Socket.IO protocol rules that depend on the revision a client speaks, chosen from its Engine.IO revision
 * ({@link #of}). Only revision 5 over Engine.IO 4 exists (socket.io-client 3 and later); issue 12 adds revision 4 over
 * Engine.IO 3 (socket.io-client 2: the main namespace connected without a CONNECT, a CONNECT reply without body, a bare
 * error text) as another constant. Stateless.
 */
enum ClientProtocol {
    /** Socket.IO 5 over Engine.IO 4. */
    V5;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The rules for a client on Engine.IO revision {@code engineProtocol}.
     *
     * @throws IllegalArgumentException for a revision Enlace does not speak (the engine refuses such clients at the
     *                                  handshake, so this is a bug)
     */
    static ClientProtocol of(int engineProtocol) {
        if (engineProtocol == 4) return V5;
        throw new IllegalArgumentException("no Socket.IO protocol for Engine.IO revision " + engineProtocol);
    }

    /** Whether the main namespace {@code /} is joined without a CONNECT packet from the client (false in v5). */
    boolean connectsMainImplicitly() { return false; }

    /** The body of the CONNECT reply: {@code {sid}}, plus {@code pid} with connection state recovery. */
    JsonNode connectReply(String sid, String pid) {
        ObjectNode reply = NODES.objectNode();
        reply.put("sid", sid);
        if (pid != null) reply.put("pid", pid);
        return reply;
    }

    /** The body of a CONNECT_ERROR: {@code {message}}, plus {@code data} when the error carries some. */
    JsonNode connectError(String message, JsonNode data) {
        ObjectNode body = NODES.objectNode();
        body.put("message", message);
        if (data != null) body.set("data", data);
        return body;
    }
}
