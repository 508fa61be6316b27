package io.enlace;


import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Targets a set of sockets for an emit or a bulk operation. Immutable: every modifier returns a new operator, so an
 * operator can be kept and reused from any thread.
 *
 * <pre>{@code
 * io.to("room1").except("room2").emit("news", article);
 * io.timeout(Duration.ofSeconds(5)).emitWithAck("ping").thenAccept(responses -> ...);
 * io.in("room1").socketsJoin("room2");
 * }</pre>
 *
 * <p>Node's {@code volatile} flag is {@link #asVolatile()} here ({@code volatile} is a Java keyword).
 */
public interface BroadcastOperator {

    /** Targets sockets in these rooms (union with rooms already targeted). */
    BroadcastOperator to(String... rooms);

    /** Targets sockets in these rooms. */
    BroadcastOperator to(Collection<String> rooms);

    /** Same as {@link #to(String...)}. */
    default BroadcastOperator in(String... rooms) { return to(rooms); }

    /** Excludes sockets in these rooms (a socket id is a room too). */
    BroadcastOperator except(String... rooms);

    /** Excludes sockets in these rooms. */
    BroadcastOperator except(Collection<String> rooms);

    /** Only this server's sockets (no effect with the in-memory adapter). */
    BroadcastOperator local();

    /** Node's {@code volatile}: the packet is dropped for receivers whose transport is not writable. */
    BroadcastOperator asVolatile();

    /** Whether the packet may be compressed (default true). */
    BroadcastOperator compress(boolean compress);

    /** The time {@link #emitWithAck} waits for the acknowledgements. */
    BroadcastOperator timeout(Duration timeout);

    /**
     * Emits an event to every targeted socket. Arguments are Jackson-serializable values; a {@code byte[]} or
     * {@code ByteBuffer} anywhere in them makes the packet binary. The packet is encoded once for all receivers.
     *
     * @throws IllegalArgumentException for a reserved event name ({@code connect}, {@code connect_error},
     *                                  {@code disconnect}, {@code disconnecting}, {@code newListener}, {@code removeListener})
     */
    boolean emit(String event, Object... args);

    /**
     * Emits an event and collects every receiver's acknowledgement. Completes with one {@link Args} per client once
     * all have answered, or fails with {@link java.util.concurrent.TimeoutException} ({@code operation has timed out})
     * after {@link #timeout}. Always set a timeout: without one, a receiver that never answers keeps it pending.
     * Compose with {@code thenAccept}; {@code join()} of the unfinished future on an event loop throws
     * {@link IllegalStateException} (block only on an executor, see {@link Emitter#emitWithAck}).
     */
    CompletableFuture<List<Args>> emitWithAck(String event, Object... args);

    /** The targeted sockets, here and on other servers (through the adapter). */
    CompletableFuture<List<RemoteSocket>> fetchSockets();

    /**
     * The ids of the targeted sockets, here and on the other servers of a cluster (Node's {@code allSockets()}),
     * this server's first, in the order broadcasts walk them. Lighter than {@link #fetchSockets()}: only ids travel.
     * {@link #local()} keeps it to this server; {@link #except} is applied (through {@code fetchSockets} then).
     *
     * <pre>{@code
     * io.in(userId).allSockets().thenAccept(ids -> {
     *     if (ids.isEmpty()) socket.broadcast().emit("user disconnected", userId);   // no tab of that user is left
     * });
     * }</pre>
     *
     * @return a read-only set of socket ids
     */
    CompletableFuture<Set<String>> allSockets();

    /** Makes the targeted sockets join these rooms. */
    void socketsJoin(String... rooms);

    /** Makes the targeted sockets leave these rooms. */
    void socketsLeave(String... rooms);

    /** Disconnects the targeted sockets; {@code close} also closes their whole connection. */
    void disconnectSockets(boolean close);
}
