package io.enlace.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.parser.Packet;
import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** What an adapter may do with a socket connected to this server. Thread-safe. */
public interface LocalSocket {

    /** The socket id. */
    String id();

    /**
     * The handshake in the shape of Node's {@code socket.handshake} on the cluster wire: {@code {headers, time, address,
     * xdomain, secure, issued, url, query, auth}} ({@code query}: a string per parameter, an array when repeated;
     * {@code auth}: {@code {}} when the CONNECT had none). Made on demand: a new tree the caller may keep.
     */
    ObjectNode handshakeJson();

    /**
     * The event loop that owns the socket's connection now, or null. Adapters group the writes of a broadcast by loop:
     * one task per loop instead of one per socket.
     */
    default EventLoop eventLoop() { return null; }

    /** The socket's rooms, read-only (a live view with the in-memory adapter: copy it to keep it). */
    Set<String> rooms();

    /** The socket's user data ({@link io.enlace.Socket#data()}). */
    Object userData();

    /**
     * Writes an already encoded packet: notifies the socket's outgoing listeners with {@code packet}, then hands
     * {@code encoded} (as returned by {@link io.enlace.parser.Parser#encode}, shared between receivers) to the
     * connection. Dropped when {@code flags.volatile_()} and the transport is not writable.
     */
    void write(Packet packet, List<Object> encoded, BroadcastOptions.Flags flags);

    /** Registers the callback for the ACK with this id (from {@link AdapterContext#nextAckId()}). Called once. */
    void expectAck(long id, Consumer<ArrayNode> callback);

    /**
     * Like {@link #expectAck(long, Consumer)}, forgetting the callback after {@code timeout} (null: kept until the
     * answer or the disconnection) so that clients that never answer leave nothing behind.
     */
    default void expectAck(long id, Consumer<ArrayNode> callback, Duration timeout) { expectAck(id, callback); }

    /** Joins rooms. */
    void joinRooms(Collection<String> rooms);

    /** Leaves a room. */
    void leaveRoom(String room);

    /** Disconnects the socket; {@code close} closes its connection. */
    void disconnect(boolean close);
}
