package io.enlace.internal.util;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link CompletableFuture} Enlace returns: waiting on it while it is not complete ({@code join}, {@code get})
 * from a thread that must never block (a Netty event loop, Enlace's timer) throws an {@link IllegalStateException}
 * at once instead of parking the thread, since the answer waited for may need that very thread. Futures derived from
 * it ({@code thenApply}, {@code thenCompose}, ...) behave the same. Everything else is plain {@code CompletableFuture}.
 *
 * @param <T> result type
 */
public final class LoopSafeFuture<T> extends CompletableFuture<T> {

    /** A new, incomplete future. */
    public LoopSafeFuture() {}

    /** {@code future} itself when it is a LoopSafeFuture, else a LoopSafeFuture completed with its outcome. */
    public static <T> CompletableFuture<T> of(CompletableFuture<T> future) {
        if (future instanceof LoopSafeFuture<T>) return future;
        LoopSafeFuture<T> out = new LoopSafeFuture<>();
        future.whenComplete((v, e) -> {
            if (e != null) out.completeExceptionally(e instanceof CompletionException
                    && e.getCause() != null ? e.getCause() : e);
            else out.complete(v);
        });
        return out;
    }

    /** A future already failed with {@code error}. */
    public static <T> CompletableFuture<T> failed(Throwable error) {
        LoopSafeFuture<T> f = new LoopSafeFuture<>();
        f.completeExceptionally(error);
        return f;
    }

    @Override
    public T join() {
        checkMayBlock("join()");
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        checkMayBlock("get()");
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        checkMayBlock("get(timeout)");
        return super.get(timeout, unit);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() { return new LoopSafeFuture<>(); }

    private void checkMayBlock(String call) {
        if (isDone()) return;
        String thread = nonBlockingThread();
        if (thread == null) return;
        throw new IllegalStateException("Enlace: " + call + " on an unfinished future, called on " + thread
                + ", would block it, and the answer it waits for may need that thread (a deadlock). Compose instead: "
                + "future.thenAccept(answer -> ...), thenCompose(...) or whenComplete(...); or run handlers on an "
                + "executor, where they may block: ServerOptions.builder().executor(ServerOptions.virtualThreadExecutor())");
    }

    /** A description of the current thread when it must not block (an event loop, Enlace's timer), else null. */
    public static String nonBlockingThread() {
        Thread t = Thread.currentThread();
        if (t instanceof TimerThread) return "Enlace's timer thread " + t.getName();
        EventExecutor executor = ThreadExecutorMap.currentExecutor();
        if (executor != null && executor.inEventLoop()) return "the event loop thread " + t.getName();
        return null;
    }

    /** The thread of Enlace's timer (ack timeouts complete futures on it, so it must not block). */
    public static final class TimerThread extends Thread {
        /** A daemon thread running {@code task}. */
        public TimerThread(Runnable task, String name) {
            super(task, name);
            setDaemon(true);
        }
    }
}
