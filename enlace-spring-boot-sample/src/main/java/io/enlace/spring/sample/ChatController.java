package io.enlace.spring.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.ConnectError;
import io.enlace.Namespace;
import io.enlace.RemoteSocket;
import io.enlace.Socket;
import io.enlace.redis.RedisUnavailableException;
import io.enlace.spring.annotation.Auth;
import io.enlace.spring.annotation.ConnectMiddleware;
import io.enlace.spring.annotation.OnDisconnecting;
import io.enlace.spring.annotation.OnEvent;
import io.enlace.spring.annotation.SocketData;
import io.enlace.spring.annotation.SocketIoController;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@code /chat} namespace: people with a name (auth {@code {"name": "..."}}, 1 to 32 characters) join rooms and
 * talk in them.
 * <ul>
 *   <li>{@code join room}: the others in the room get {@code joined {room, name}}; the ack is {@code {room, members}}
 *       (the sorted names of everyone in the room, on every node of a cluster);</li>
 *   <li>{@code say {room, text}}: {@code said {room, name, text}} to everyone in the room (the sender too), ack
 *       {@code {"ok": true}}, or {@code {"error": "not in room"}};</li>
 *   <li>{@code leave room}: the room gets {@code left {room, name}}; so does each of its rooms when a socket
 *       disconnects.</li>
 * </ul>
 * Chat rooms are kept apart from the sockets' own rooms (their ids): the room {@code r} is {@code "chat:" + r}.
 */
@SocketIoController("/chat")
public class ChatController {

    static final int MAX_NAME = 32;
    static final int MAX_ROOM = 64;
    static final int MAX_TEXT = 2000;
    private static final String PREFIX = "chat:";

    /** What {@code say} takes; a string of digits is a string, a number is not (see SampleApplication). */
    public record ChatMessage(@RoomName String room, @NotNull @Size(max = MAX_TEXT) String text) {}

    /** Refuses a connection without a valid name ({@code connect_error} "name required"); keeps the name. */
    @ConnectMiddleware
    void requireName(Socket socket, @Auth("name") JsonNode name) {
        String valid = validName(name);
        if (valid == null) throw new ConnectError("name required");
        socket.data(valid);
    }

    @OnEvent("join")
    CompletableFuture<Map<String, Object>> join(Socket socket, Namespace nsp, @SocketData String name,
                                                @RoomName String room) {
        String key = PREFIX + room;
        if (!socket.rooms().contains(key)) {
            socket.join(key);
            socket.to(key).emit("joined", obj("room", room, "name", name));
        }
        return nsp.in(key).fetchSockets()
                // a cluster node whose Redis is unreachable serves its own clients: list its own members
                .exceptionallyCompose(e -> unavailable(e) ? nsp.in(key).local().fetchSockets()
                        : CompletableFuture.failedFuture(e))
                .thenApply(sockets -> {
                    List<String> members = new ArrayList<>(sockets.size());
                    for (RemoteSocket s : sockets) {
                        Object data = s.data();
                        if (data instanceof JsonNode n) members.add(n.asText()); // a socket on another node
                        else if (data != null) members.add(data.toString());
                    }
                    members.sort(null);
                    return obj("room", room, "members", members);
                });
    }

    @OnEvent("say")
    Map<String, Object> say(Socket socket, Namespace nsp, @SocketData String name, @NotNull @Valid ChatMessage msg) {
        String key = PREFIX + msg.room();
        if (!socket.rooms().contains(key)) return Map.of("error", "not in room");
        nsp.to(key).emit("said", obj("room", msg.room(), "name", name, "text", msg.text()));
        return Map.of("ok", true);
    }

    @OnEvent("leave")
    Map<String, Object> leave(Socket socket, Namespace nsp, @SocketData String name, String room) {
        String key = PREFIX + room;
        if (room == null || !socket.rooms().contains(key)) return Map.of("error", "not in room");
        socket.leave(key);
        nsp.to(key).emit("left", obj("room", room, "name", name));
        return Map.of("ok", true);
    }

    /** While the socket is still in its rooms: tell each chat room. */
    @OnDisconnecting
    void leaving(Socket socket, @SocketData String name) {
        for (String key : socket.rooms()) {
            if (key.startsWith(PREFIX)) socket.to(key).emit("left", obj("room", key.substring(PREFIX.length()), "name", name));
        }
    }

    /** The name when {@code n} is a string of 1 to 32 characters (code points), else null. */
    static String validName(JsonNode n) {
        if (n == null || !n.isTextual()) return null;
        String s = n.textValue();
        int len = s.codePointCount(0, s.length());
        return len >= 1 && len <= MAX_NAME ? s : null;
    }

    /** The room when it is a non-blank string of at most 64 characters (code points), else null. */
    static String validRoom(String s) {
        return s != null && !s.isBlank() && s.codePointCount(0, s.length()) <= MAX_ROOM ? s : null;
    }

    private static boolean unavailable(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof RedisUnavailableException;
    }

    /** A JSON object with the keys in this order. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }
}
