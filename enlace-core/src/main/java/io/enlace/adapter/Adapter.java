package io.enlace.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.enlace.parser.Packet;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Keeps the rooms of one namespace and delivers broadcasts (Node's socket.io-adapter). The default is
 * {@link InMemoryAdapter}; a cluster adapter extends it (or wraps it) and forwards what is not local: every operation
 * that may involve other servers returns a {@link CompletableFuture} or is fire-and-forget, and
 * {@link #broadcast} receives the {@link Packet} and the {@link BroadcastOptions} so they can be published.
 *
 * <p>All methods are thread-safe: they are called from event loops, handler threads and user threads.
 */
public interface Adapter {

    /** The namespace this adapter serves. */
    AdapterContext context();

    /** Called once after creation. */
    CompletableFuture<Void> init();

    /** Called when the namespace or the server closes. */
    CompletableFuture<Void> close();

    /** Number of servers in the cluster (1 for the in-memory adapter). */
    CompletableFuture<Integer> serverCount();

    /** Room name to socket ids, for this server (read-only live view; rooms in creation order, ids in join order). */
    Map<String, Set<String>> rooms();

    /** Socket id to room names, for this server (read-only live view; ids in connection order, rooms in join order). */
    Map<String, Set<String>> sids();

    /** Adds a local socket to rooms. */
    void addAll(String id, Set<String> rooms);

    /** Removes a local socket from a room. */
    void del(String id, String room);

    /** Removes a local socket from all its rooms. */
    void delAll(String id);

    /**
     * Sends a packet to the sockets matching {@code opts}. The packet (type EVENT, namespace set, no ack id) is
     * encoded once with the parser and the same messages are written to each receiver.
     */
    void broadcast(Packet packet, BroadcastOptions opts);

    /**
     * Like {@link #broadcast}, expecting acknowledgements. The adapter assigns the ack id
     * ({@link AdapterContext#nextAckId()}), calls {@code clientCountCallback} with the number of receivers (once per
     * server in a cluster), then {@code ack} with each client's answer.
     */
    void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCountCallback, Consumer<ArrayNode> ack);

    /** Ids of this server's sockets in any of these rooms (all when empty), in the order broadcasts walk them. */
    CompletableFuture<Set<String>> sockets(Set<String> rooms);

    /**
     * Ids of the sockets in any of these rooms (all when empty) on every server of the cluster, this server's first
     * (Node's {@code allSockets()}, which asks the adapter). The default asks {@link #fetchSockets} (cluster-wide in a
     * cluster adapter) and keeps the ids; {@link InMemoryAdapter} answers with {@link #sockets} when it is not
     * subclassed. A cluster adapter overrides it with a lighter request when its protocol has one (the classic Redis
     * adapter's {@code SOCKETS} request).
     */
    default CompletableFuture<Set<String>> allSockets(Set<String> rooms) {
        return fetchSockets(BroadcastOptions.toRooms(rooms)).thenApply(list -> {
            Set<String> ids = new LinkedHashSet<>();
            for (SocketInfo s : list) ids.add(s.id());
            return ids;
        });
    }

    /**
     * The rooms of a local socket, or null when unknown: a read-only set whose {@code contains} is O(1). The in-memory
     * adapter returns a live view in join order, as Node's {@code socket.rooms}; other adapters may return a snapshot.
     */
    Set<String> socketRooms(String id);

    /**
     * The sockets matching {@code opts}, this server's first ({@link SocketInfo#of} for a local socket), on every server
     * of the cluster unless {@code opts.flags().local()}. The server wraps them in {@link io.enlace.RemoteSocket}s.
     */
    CompletableFuture<List<SocketInfo>> fetchSockets(BroadcastOptions opts);

    /** Makes the matching sockets join rooms. */
    void addSockets(BroadcastOptions opts, Set<String> rooms);

    /** Makes the matching sockets leave rooms. */
    void delSockets(BroadcastOptions opts, Set<String> rooms);

    /** Disconnects the matching sockets. */
    void disconnectSockets(BroadcastOptions opts, boolean close);

    /** Sends {@code [event, ...args]} to the other servers' {@code onServerSideEmit} listeners. */
    void serverSideEmit(ArrayNode eventAndArgs);

    /**
     * Like {@link #serverSideEmit}, collecting one answer per other server: the arguments each one acknowledged with
     * (the server wraps them in {@link io.enlace.Args}).
     */
    CompletableFuture<List<ArrayNode>> serverSideEmitWithAck(ArrayNode eventAndArgs, Duration timeout);

    /** Stores the session of a socket that left with a recoverable reason. */
    void persistSession(PersistedSession session);

    /**
     * Finds a stored session and the packets it missed after {@code offset}; completes with null when the session is
     * unknown or expired, or the offset is unknown.
     */
    CompletableFuture<RecoveredSession> restoreSession(String pid, String offset);

    /**
     * A room was created (its first socket joined): Node's {@code adapter.on("create-room", room => ...)}. The room
     * listeners run synchronously, on the thread that changed the room, under the adapter's room lock: keep them
     * quick, and never join or leave rooms from them.
     *
     * <pre>{@code
     * Adapter rooms = io.of("/chat").adapter();
     * rooms.onCreateRoom(room -> log.info("room {} created", room));
     * rooms.onDeleteRoom(room -> log.info("room {} deleted", room));
     * rooms.onJoinRoom((room, id) -> log.info("{} joined {}", id, room));   // also the socket's own room, at connect
     * rooms.onLeaveRoom((room, id) -> log.info("{} left {}", id, room));
     * }</pre>
     */
    void onCreateRoom(Consumer<String> listener);

    /** A room was deleted (its last socket left): Node's {@code "delete-room"}. See {@link #onCreateRoom}. */
    void onDeleteRoom(Consumer<String> listener);

    /** A socket joined a room: {@code (room, id)}, Node's {@code "join-room"}. See {@link #onCreateRoom}. */
    void onJoinRoom(BiConsumer<String, String> listener);

    /**
     * A socket left a room: {@code (room, id)}, Node's {@code "leave-room"} (also for each room of a socket that
     * disconnects). See {@link #onCreateRoom}.
     */
    void onLeaveRoom(BiConsumer<String, String> listener);
}
