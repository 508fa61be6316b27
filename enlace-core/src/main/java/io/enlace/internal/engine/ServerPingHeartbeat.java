package io.enlace.internal.engine;

import io.netty.channel.EventLoop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Engine.IO v4's heartbeat: a ping every {@code pingInterval}; the pong must arrive within {@code pingTimeout} of the
 * ping. The pong deadline is fixed when the ping is scheduled (ping time + pingTimeout), so a loop that runs the ping
 * task late does not stretch the session's life. Confined to the session's loop.
 */
final class ServerPingHeartbeat implements Heartbeat {
    private final EventLoop loop;
    private final long intervalMs;
    private final long timeoutMs;
    private final BooleanSupplier sendPing;
    private final Runnable timedOut;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> timeoutTimer;
    private long deadline; // System.nanoTime() by which a pong must arrive

    /**
     * @param sendPing queues a ping packet; false when the session is closed (then no pong is awaited)
     * @param timedOut closes the session ({@code ping timeout})
     */
    ServerPingHeartbeat(EventLoop loop, long intervalMs, long timeoutMs, BooleanSupplier sendPing, Runnable timedOut) {
        this.loop = loop;
        this.intervalMs = intervalMs;
        this.timeoutMs = timeoutMs;
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
        cancel(timeoutTimer);
        timeoutTimer = null;
        schedulePing();
        return true;
    }

    @Override
    public boolean expired() {
        return System.nanoTime() - deadline >= 0;
    }

    @Override
    public void stop() {
        cancel(pingTimer);
        cancel(timeoutTimer);
    }

    /** Schedules the next ping {@code pingInterval} from now, and fixes the pong deadline with it. */
    private void schedulePing() {
        cancel(pingTimer);
        long pingAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
        deadline = pingAt + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        pingTimer = loop.schedule(() -> {
            if (sendPing.getAsBoolean()) armTimeout();
        }, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void armTimeout() {
        cancel(timeoutTimer);
        long delay = Math.max(0, deadline - System.nanoTime());
        timeoutTimer = loop.schedule(timedOut, delay, TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) f.cancel(false);
    }
}
