package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.netty.channel.EventLoop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Engine.IO v4's heartbeat: a ping every {@code pingInterval}; the pong must arrive within {@code pingTimeout} of the
 * ping. The pong deadline is fixed when the ping is scheduled (ping time + pingTimeout), so a loop that runs the ping
 * task late does not stretch the session's life. Confined to the session's loop.
 */
final class ServerPingHeartbeat implements Heartbeat, Runnable {
    private final EventLoop loop;
    private final EngineOptions opts; // pingInterval, pingTimeout (shared: two longs less per session)
    private final BooleanSupplier sendPing;
    private final Runnable timedOut;
    /** The ping timer until the ping is sent, then the pong deadline's timer (one at a time: one field per session). */
    private ScheduledFuture<?> timer;
    private long deadline; // System.nanoTime() by which a pong must arrive

    /**
     * @param sendPing queues a ping packet; false when the session is closed (then no pong is awaited)
     * @param timedOut closes the session ({@code ping timeout})
     */
    ServerPingHeartbeat(EventLoop loop, EngineOptions opts, BooleanSupplier sendPing, Runnable timedOut) {
        this.loop = loop;
        this.opts = opts;
        this.sendPing = sendPing;
        this.timedOut = timedOut;
    }

    @Override
    public void start() {
        schedulePing();
    }

    /** Only the server pings in v4. */
    @Override
    public boolean onPing() { return false; }

    @Override
    public boolean onPong() {
        schedulePing(); // the deadline's timer (or, for a pong nobody asked for, the ping timer) is replaced
        return true;
    }

    @Override
    public boolean expired() {
        return System.nanoTime() - deadline >= 0;
    }

    @Override
    public void stop() {
        cancel(timer);
    }

    /** Schedules the next ping {@code pingInterval} from now, and fixes the pong deadline with it. */
    private void schedulePing() {
        cancel(timer);
        long intervalMs = opts.pingInterval();
        long pingAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
        deadline = pingAt + TimeUnit.MILLISECONDS.toNanos(opts.pingTimeout());
        timer = loop.schedule(this, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** The ping timer (this object is the task: no closure per ping): sends the ping, then waits for the deadline. */
    @Override
    public void run() {
        if (!sendPing.getAsBoolean()) return;
        long delay = Math.max(0, deadline - System.nanoTime());
        timer = loop.schedule(timedOut, delay, TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) f.cancel(false);
    }
}
