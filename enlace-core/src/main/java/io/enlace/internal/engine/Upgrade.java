package io.enlace.internal.engine;

import io.enlace.internal.engine.codec.FrameCodec;
import io.enlace.internal.engine.codec.OutPacket;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The upgrade sub-machine of a polling session: the probe WebSocket, the {@code upgradeTimeout} timer, the 100 ms
 * noop tick that answers held GETs while probed, and the futures that order writes across connections (the "3probe"
 * write: probes refused meanwhile are closed after it; after the upgrade, polling requests are refused after it, so a
 * client sees "3probe" before the refusals its later requests caused). The session owns the state; this owns the
 * means. Confined to the session's loop.
 */
final class Upgrade {
    private final EventLoop loop;
    private final long timeoutMs;
    /** The WebSocket being probed, or null. */
    private WebSocketTransport probe;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> noopTick;
    /** The "3probe" write of the probe under way. */
    private Future<?> probeWrite;
    /** After the upgrade: the "3probe" write, until it is done. */
    private Future<?> probeResponse;

    Upgrade(EventLoop loop, long timeoutMs) {
        this.loop = loop;
        this.timeoutMs = timeoutMs;
    }

    /** Whether {@code t} is the probe under way. */
    boolean isProbe(WebSocketTransport t) { return probe != null && t == probe; }

    /** Attaches {@code t} as the probe (T6); {@code onTimeout} runs if it is still the probe after upgradeTimeout. */
    void start(WebSocketTransport t, Runnable onTimeout) {
        probe = t;
        timer = loop.schedule(() -> {
            if (probe == t) onTimeout.run();
        }, timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Closes a refused WebSocket (T6r) once the probe response under way or just done is on the wire. */
    void refuse(WebSocketTransport t) {
        Future<?> w = probeWrite != null ? probeWrite : probeResponse;
        if (w != null && !w.isDone()) w.addListener(f -> t.close());
        else t.close();
    }

    /** Writes "3probe" on the probe (T7, T7'), encoded by the probe's codec. */
    void answerProbe() {
        OutPacket pong = new OutPacket('3', "probe", true);
        FrameChannel frames = probe.frames;
        FrameCodec codec = probe.codec;
        probeWrite = frames.write(codec.encode(frames.alloc(), pong), codec.isText(pong), true);
        frames.flushSoon();
    }

    /** Starts the 100 ms noop tick (T7). */
    void startNoopTick(Runnable tick) {
        cancel(noopTick);
        noopTick = loop.scheduleAtFixedRate(tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** The upgrade failed (T9): timers stopped, the probe returned (to close), or null. */
    WebSocketTransport cancel() {
        WebSocketTransport t = probe;
        probe = null;
        cancel(timer);
        cancel(noopTick);
        return t;
    }

    /** The upgrade completes (T8): timers stopped; returns the "3probe" write, kept to order later refusals. */
    Future<?> complete() {
        cancel(timer);
        cancel(noopTick);
        probe = null;
        Future<?> written = probeWrite;
        probeWrite = null;
        probeResponse = written;
        return written;
    }

    /** The write later polling refusals wait for, or null once it is done. */
    Future<?> probeResponse() {
        if (probeResponse != null && probeResponse.isDone()) probeResponse = null;
        return probeResponse;
    }

    /** The session closed (T12): timers stopped, the probe closed. */
    void stop() {
        WebSocketTransport t = cancel();
        if (t != null) t.close();
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) f.cancel(false);
    }
}
