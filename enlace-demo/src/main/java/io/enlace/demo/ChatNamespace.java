package io.enlace.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enlace.Ack;
import io.enlace.Args;
import io.enlace.ConnectError;
import io.enlace.Namespace;
import io.enlace.RemoteSocket;
import io.enlace.Socket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /chat} namespace: people with a name (auth {@code {"name": "..."}}, 1 to 32 characters; without a
 * {@code name} in the auth, the handshake query parameter {@code name}, which is how a Socket.IO v2 client gives it)
 * join rooms and talk in them; a missing or invalid name is refused with {@code name required}.
 *
 * <ul>
 *   <li>{@code join room} → the others in the room get {@code joined {room, name}}; the ack is
 *       {@code {room, members}} (sorted names of everyone in the room); a connection is in at most
 *       {@value #MAX_ROOMS} chat rooms: one more join is refused with {@code {"error": "too many rooms: ..."}};</li>
 *   <li>{@code say {room, text}} → {@code said {room, name, text}} to everyone in the room (the sender too), ack
 *       {@code {"ok": true}}; {@code {"error": "not in room"}} when the sender is not in it;</li>
 *   <li>{@code leave room} → the room gets {@code left {room, name}}; so does each of its rooms when a socket
 *       disconnects.</li>
 * </ul>
 *
 * <p>Chat rooms are kept apart from the sockets' own rooms (their ids): the adapter room of chat room {@code r} is
 * {@code "chat:" + r}, so nobody can join another socket's private room. A socket's data is {@code {"name": name}}
 * ({@code socket.data.name} in a Node port), so the members of a room are listed the same way on Enlace and Node nodes.
 *
 * <p>Connection state recovery: a socket that drops leaves its rooms ({@code left}); when it comes back with its
 * session (on this server or another one) it is in them again, the rooms get {@code joined}, and it receives the
 * messages it missed.
 */
final class ChatNamespace {

    static final int MAX_NAME = 32;
    static final int MAX_ROOM = 64;
    static final int MAX_TEXT = 2000;
    /** Chat rooms per connection: bounds the work and memory one client can cause. */
    static final int MAX_ROOMS = 100;
    private static final String PREFIX = "chat:";

    private final Namespace nsp;

    private ChatNamespace(Namespace nsp) {
        this.nsp = nsp;
    }

    static void register(Namespace nsp) {
        ChatNamespace chat = new ChatNamespace(nsp);
        nsp.use((socket, next) -> {
            String name = validName(nameGiven(socket));
            if (name == null) {
                next.fail(new ConnectError("name required"));
            } else {
                socket.data(Map.of("name", name));
                next.ok();
            }
        });
        nsp.onConnection(chat::onConnection);
    }

    /**
     * The name a socket gives: {@code auth.name}, else (no {@code name} in its auth: a Socket.IO v2 client, which cannot
     * send an auth object) the handshake query parameter {@code name}; null when neither is there.
     */
    static JsonNode nameGiven(Socket socket) {
        JsonNode fromAuth = socket.handshake().auth().get("name");
        if (fromAuth != null && !fromAuth.isNull()) return fromAuth;
        String fromQuery = socket.handshake().query("name");
        return fromQuery == null ? null : JsonNodeFactory.instance.textNode(fromQuery);
    }

    /** The name when {@code n} is a string of 1 to 32 characters (code points), else null. */
    static String validName(JsonNode n) {
        if (n == null || !n.isTextual()) return null;
        String s = n.textValue();
        int len = s.codePointCount(0, s.length());
        return len >= 1 && len <= MAX_NAME ? s : null;
    }

    /** The room when {@code n} is a non-blank string of at most 64 characters, else null. */
    static String validRoom(JsonNode n) {
        if (n == null || !n.isTextual()) return null;
        String s = n.textValue();
        return !s.isBlank() && s.codePointCount(0, s.length()) <= MAX_ROOM ? s : null;
    }

    /** The name in a socket's data: a Map on this server, a JSON tree for a socket of another server (or recovered). */
    static String nameOf(Object data) {
        if (data instanceof JsonNode j) return j.path("name").isTextual() ? j.get("name").textValue() : null;
        if (data instanceof Map<?, ?> m && m.get("name") instanceof String n) return n;
        return null;
    }

    private void onConnection(Socket socket) {
        String name = nameOf(socket.data());
        if (name == null) { // a recovered session without a name: not one of ours
            socket.disconnect(false);
            return;
        }
        if (socket.recovered()) {
            for (String key : socket.rooms()) {
                if (key.startsWith(PREFIX)) socket.to(key).emit("joined", obj("room", key.substring(PREFIX.length()), "name", name));
            }
        }
        socket.on("join", (args, ack) -> join(socket, name, args, ack));
        socket.on("say", (args, ack) -> say(socket, name, args, ack));
        socket.on("leave", (args, ack) -> leave(socket, name, args, ack));
        socket.onDisconnecting((reason, description) -> {
            for (String key : socket.rooms()) {
                if (key.startsWith(PREFIX)) {
                    socket.to(key).emit("left", obj("room", key.substring(PREFIX.length()), "name", name));
                }
            }
        });
    }

    private void join(Socket socket, String name, Args args, Ack ack) {
        String room = validRoom(args.node(0));
        if (room == null) {
            ack.send(Map.of("error", "invalid room: send a name of 1 to " + MAX_ROOM + " characters"));
            return;
        }
        String key = PREFIX + room;
        Set<String> rooms = socket.rooms(); // a live view: contains is O(1), nothing is copied
        if (!rooms.contains(key)) {
            if (rooms.size() - 1 >= MAX_ROOMS) { // its own id room is not a chat room
                ack.send(Map.of("error", "too many rooms: a connection may be in at most " + MAX_ROOMS
                        + " chat rooms; leave one first"));
                return;
            }
            socket.join(key);
            socket.to(key).emit("joined", obj("room", room, "name", name));
        }
        if (!ack.requested()) return;
        nsp.in(key).fetchSockets()
                // cluster mode with Redis unreachable: this node runs local-only, so list its own members
                .exceptionallyCompose(e -> ClusterMode.unavailable(e) ? nsp.in(key).local().fetchSockets()
                        : java.util.concurrent.CompletableFuture.failedFuture(e))
                .whenComplete((sockets, error) -> {
            if (error != null) {
                ack.send(Map.of("error", "cannot list the members: " + error.getMessage()));
                return;
            }
            List<String> members = new ArrayList<>(sockets.size());
            for (RemoteSocket s : sockets) {
                String member = nameOf(s.data()); // a Map here, a JSON tree for a socket of another server
                if (member != null) members.add(member);
            }
            members.sort(null);
            ack.send(obj("room", room, "members", members));
        });
    }

    private void say(Socket socket, String name, Args args, Ack ack) {
        JsonNode msg = args.node(0);
        String room = validRoom(msg.path("room"));
        JsonNode text = msg.path("text");
        if (!msg.isObject() || room == null || !text.isTextual() || text.textValue().length() > MAX_TEXT) {
            ack.send(Map.of("error", "invalid message: send {room, text} with a text of at most " + MAX_TEXT + " characters"));
            return;
        }
        String key = PREFIX + room;
        if (!socket.rooms().contains(key)) {
            ack.send(Map.of("error", "not in room"));
            return;
        }
        nsp.to(key).emit("said", obj("room", room, "name", name, "text", text.textValue()));
        ack.send(Map.of("ok", true));
    }

    private void leave(Socket socket, String name, Args args, Ack ack) {
        String room = validRoom(args.node(0));
        String key = room == null ? null : PREFIX + room;
        if (key == null || !socket.rooms().contains(key)) {
            ack.send(Map.of("error", "not in room"));
            return;
        }
        socket.leave(key);
        nsp.to(key).emit("left", obj("room", room, "name", name));
        ack.send(Map.of("ok", true));
    }

    /** A JSON object with the keys in this order. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }
}
