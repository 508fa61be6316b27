package io.enlace.adapter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.internal.util.OrderedSets;

import java.util.Objects;
import java.util.Set;

/**
 * A socket as {@link Adapter#fetchSockets} finds it, on this server or another one, in the shape of the cluster wire
 * (Node's {@code fetchSockets} response: {@code {id, handshake, rooms, data}}). The server wraps each one in an
 * {@link io.enlace.RemoteSocket} for the application.
 *
 * @param id        the socket id
 * @param handshake the handshake in Node's wire shape: {@code {headers, time, address, xdomain, secure, issued, url,
 *                  query, auth}} (see {@link LocalSocket#handshakeJson()}); null when unknown
 * @param rooms     the rooms when found, in join order (copied)
 * @param data      the socket's data: the live object for a socket of this server, a JSON tree (or null) for one of
 *                  another server
 */
public record SocketInfo(String id, ObjectNode handshake, Set<String> rooms, Object data) {
    public SocketInfo {
        Objects.requireNonNull(id, "id");
        rooms = OrderedSets.copyOf(rooms);
    }

    /** What {@link Adapter#fetchSockets} reports of a socket of this server. */
    public static SocketInfo of(LocalSocket socket) {
        return new SocketInfo(socket.id(), socket.handshakeJson(), socket.rooms(), socket.userData());
    }
}
