package io.enlace;

import io.enlace.adapter.Adapter;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.parser.Packet;

import java.util.Objects;
import java.util.Set;

/**
 * A socket found by {@link BroadcastOperator#fetchSockets()}, possibly on another server. Its state is a snapshot;
 * its operations go through the namespace's adapter, so they work across a cluster.
 *
 * <pre>{@code
 * io.in("room1").fetchSockets().thenAccept(list -> list.forEach(s -> s.emit("hello", s.id())));
 * }</pre>
 */
public final class RemoteSocket {
    private final Adapter adapter;
    private final String id;
    private final Handshake handshake;
    private final Set<String> rooms;
    private final Object data;

    /** Made by adapters. */
    public RemoteSocket(Adapter adapter, String id, Handshake handshake, Set<String> rooms, Object data) {
        this.adapter = Objects.requireNonNull(adapter);
        this.id = Objects.requireNonNull(id);
        this.handshake = handshake;
        this.rooms = io.enlace.internal.util.OrderedSets.copyOf(rooms);
        this.data = data;
    }

    /** The socket id. */
    public String id() { return id; }

    /** The handshake details. */
    public Handshake handshake() { return handshake; }

    /** The rooms the socket was in when fetched, in join order. */
    public Set<String> rooms() { return rooms; }

    /** The socket's {@code data} (the live object for a local socket, a JSON tree for a remote one). */
    @SuppressWarnings("unchecked")
    public <T> T data() { return (T) data; }

    /** Emits an event to this socket. */
    public boolean emit(String event, Object... args) {
        Packet packet = adapter.context().eventPacket(event, args);
        adapter.broadcast(packet, BroadcastOptions.toRooms(Set.of(id)));
        return true;
    }

    /** Makes the socket join rooms. */
    public void join(String... rooms) { adapter.addSockets(BroadcastOptions.toRooms(Set.of(id)), Set.copyOf(java.util.Arrays.asList(rooms))); }

    /** Makes the socket leave rooms. */
    public void leave(String... rooms) { adapter.delSockets(BroadcastOptions.toRooms(Set.of(id)), Set.copyOf(java.util.Arrays.asList(rooms))); }

    /** Disconnects the socket; {@code close} also closes its connection. */
    public void disconnect(boolean close) { adapter.disconnectSockets(BroadcastOptions.toRooms(Set.of(id)), close); }

    @Override
    public String toString() { return "RemoteSocket{" + id + ", rooms=" + rooms + "}"; }

}
