package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The acknowledgements one socket awaits from its client: ack id to what to do with the answer. Two kinds of entries:
 * a socket's own {@code emitWithAck} (a callback completing a future, failed on timeout or disconnection) and a
 * broadcast's {@code expectAck} from the adapter (a callback only: on timeout or disconnection it is forgotten, the
 * broadcast's collector has its own timer).
 *
 * <p>Threading: entries are added from any thread (emitting threads, the adapter's broadcasts); answers are taken on the
 * connection's event loop, at once (ACK packets bypass the socket's handler queue: a handler may be blocked on the
 * future they complete); timeouts fire on the server's timer thread, so they fire while the connection's loop is busy;
 * {@link #cancelAll} runs on the thread that closes the socket. Whichever comes first removes the entry
 * ({@code ConcurrentHashMap.remove}), so a callback runs at most once and a future completes once; the others find
 * nothing. The timer of an entry is cancelled when its answer comes or the socket closes (the timer queue does not keep
 * it: {@code removeOnCancel}).
 */
final class AckRegistry {
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>(4);
    private final ScheduledExecutorService timer;

    /** @param timer the server's timer thread (for the timeouts) */
    AckRegistry(ScheduledExecutorService timer) { this.timer = timer; }

    /** One awaited answer; {@code future} (may be null) fails on timeout or cancellation. */
    private static final class Pending {
        final Consumer<ArrayNode> onAnswer;
        final CompletableFuture<?> future;
        volatile ScheduledFuture<?> timeout;

        Pending(Consumer<ArrayNode> onAnswer, CompletableFuture<?> future) {
            this.onAnswer = onAnswer;
            this.future = future;
        }

        void cancelTimer() {
            ScheduledFuture<?> t = timeout;
            if (t != null) t.cancel(false);
        }
    }

    /**
     * Awaits the answer with {@code id}: {@code onAnswer} gets its arguments. After {@code timeout} (null: none) the
     * entry is dropped and {@code future}, if any, fails with a {@link TimeoutException}.
     */
    void expect(long id, Consumer<ArrayNode> onAnswer, CompletableFuture<?> future, Duration timeout) {
        Pending p = new Pending(onAnswer, future);
        pending.put(id, p);
        if (timeout == null) return;
        try {
            p.timeout = timer.schedule(() -> {
                if (pending.remove(id, p) && future != null) {
                    future.completeExceptionally(new TimeoutException("operation has timed out"));
                }
            }, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) { // the server is closed: nothing will answer
            pending.remove(id, p);
            throw e;
        }
    }

    /** The client answered {@code id}: runs its callback; false when nothing waits for it (late, unknown, duplicate). */
    boolean answer(long id, ArrayNode args) {
        Pending p = pending.remove(id);
        if (p == null) return false;
        p.cancelTimer();
        p.onAnswer.accept(args);
        return true;
    }

    /** Drops {@code id}, failing its future with a {@link CancellationException}; false when it was not waiting. */
    boolean cancel(long id) {
        Pending p = pending.remove(id);
        if (p == null) return false;
        cancel(p);
        return true;
    }

    /** The socket is disconnected: drops every entry, failing their futures with a {@link CancellationException}. */
    void cancelAll() {
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            if (pending.remove(e.getKey(), e.getValue())) cancel(e.getValue());
        }
    }

    private static void cancel(Pending p) {
        p.cancelTimer();
        if (p.future != null) p.future.completeExceptionally(new CancellationException("socket has been disconnected"));
    }

    /** Number of answers awaited (tests). */
    int size() { return pending.size(); }
}
