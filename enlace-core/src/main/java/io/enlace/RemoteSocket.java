package io.enlace;

import java.util.Set;

/**
 * A socket found by {@link BroadcastOperator#fetchSockets()}, possibly on another server. Its state is a snapshot;
 * its operations go through the namespace's adapter, so they work across a cluster. Made by the server from what the
 * adapter found ({@link io.enlace.adapter.SocketInfo}); not for implementation.
 *
 * <pre>{@code
 * io.in("room1").fetchSockets().thenAccept(list -> list.forEach(s -> s.emit("hello", s.id())));
 * }</pre>
 */
public interface RemoteSocket {

    /** The socket id. */
    String id();

    /** The handshake details (for a socket of another server: as that server sent them). */
    Handshake handshake();

    /** The rooms the socket was in when fetched, in join order. */
    Set<String> rooms();

    /** The socket's {@code data} (the live object for a local socket, a JSON tree for a remote one). */
    <T> T data();

    /** Emits an event to this socket. */
    boolean emit(String event, Object... args);

    /** Makes the socket join rooms. */
    void join(String... rooms);

    /** Makes the socket leave rooms. */
    void leave(String... rooms);

    /** Disconnects the socket; {@code close} also closes its connection. */
    void disconnect(boolean close);
}
