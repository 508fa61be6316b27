package io.enlace;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Emits to one socket with flags. Immutable: {@link #timeout}, {@link #asVolatile} and {@link #compress} return
 * new emitters and leave the socket unchanged.
 *
 * <pre>{@code
 * socket.timeout(Duration.ofSeconds(2)).emitWithAck("question", 42)
 *       .whenComplete((answer, err) -> { ... });   // err: TimeoutException("operation has timed out")
 * }</pre>
 */
public interface Emitter {

    /**
     * Sends an event with any number of arguments (Jackson-serializable; {@code byte[]}/{@code ByteBuffer} at any
     * depth makes it binary; a {@link com.fasterxml.jackson.databind.JsonNode} is sent as is, an {@link Args} as one
     * JSON array, so spread received arguments with {@code args.toArray()}). Safe from any thread. Returns true when
     * the packet was queued.
     *
     * @throws IllegalArgumentException for a reserved event name
     */
    boolean emit(String event, Object... args);

    /**
     * Sends an event and waits for the client's acknowledgement. Fails with
     * {@link java.util.concurrent.TimeoutException} ({@code operation has timed out}) after {@link #timeout}, or with
     * {@link java.util.concurrent.CancellationException} when the socket disconnects first.
     *
     * <p>Node's {@code ack(await socket.timeout(1000).emitWithAck("q"))}: compose on the event loop (the default
     * mode), block only on an executor.
     * <pre>{@code
     * // anywhere: compose
     * socket.on("ask", (args, ack) -> socket.timeout(Duration.ofSeconds(1)).emitWithAck("q")
     *         .thenAccept(answer -> ack.send(answer.node(0))));
     * // with ServerOptions.executor(...) or serialHandlers(true): blocking is allowed
     * socket.on("ask", (args, ack) -> ack.send(socket.timeout(Duration.ofSeconds(1)).emitWithAck("q").join().node(0)));
     * }</pre>
     * On an event loop, {@code join()}/{@code get()} of the unfinished future throw {@link IllegalStateException} at
     * once (the loop would wait for the answer it must deliver itself). The answer completes the future on the
     * connection's event loop, a timeout on Enlace's timer thread: non-async continuations run there, so keep them
     * short or use {@code thenAcceptAsync(fn, executor)} (see docs/threading.md).
     */
    CompletableFuture<Args> emitWithAck(String event, Object... args);

    /** Node's {@code send(...)}: emits a {@code message} event. */
    default boolean send(Object... args) { return emit("message", args); }

    /** An emitter whose acks time out after {@code timeout}. */
    Emitter timeout(Duration timeout);

    /** Node's {@code volatile}: the packet is dropped when the transport is not writable. */
    Emitter asVolatile();

    /** Whether the packet may be compressed (default true). */
    Emitter compress(boolean compress);
}
