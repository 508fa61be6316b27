package io.enlace.internal.engine;

import io.netty.channel.EventLoop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Engine.IO v3's heartbeat: the client pings, the server answers with a pong, and a session that has not pinged for
 * {@code pingInterval + pingTimeout} is closed ({@code ping timeout}), counted from its open and then from its last
 * ping, as engine.io 6 does for v3 sessions. A pong from the client is a protocol error (only the server pongs).
 *
 * <p>One timer, armed for the whole period; a ping only stamps the time (no timer is cancelled or made per ping): when
 * the timer fires it re-arms itself for what is left of the period since the last ping, or ends the session. Unlike
 * engine.io 6, which stops the v3 timeout for good at an upgrade, the timer keeps running after the upgrade (the
 * client keeps pinging on the WebSocket). Confined to the session's loop.
 */
final class ClientPingHeartbeat implements Heartbeat {
    private final EventLoop loop;
    private final long periodNanos;
    private final Runnable timedOut;
    private ScheduledFuture<?> timer;
    private long lastPing; // System.nanoTime() of the open, then of the last ping
    private boolean stopped;

    /**
     * @param timedOut closes the session ({@code ping timeout})
     */
    ClientPingHeartbeat(EventLoop loop, long intervalMs, long timeoutMs, Runnable timedOut) {
        this.loop = loop;
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs + timeoutMs);
        this.timedOut = timedOut;
    }

    @Override
    public void start() {
        lastPing = System.nanoTime();
        arm(periodNanos);
    }

    /** A ping: the period starts over; the session answers with a pong. */
    @Override
    public boolean onPing() {
        lastPing = System.nanoTime();
        return true;
    }

    /** A pong from a v3 client is not allowed ({@code invalid heartbeat direction}). */
    @Override
    public boolean onPong() { return false; }

    @Override
    public boolean expired() {
        return System.nanoTime() - lastPing >= periodNanos;
    }

    @Override
    public void stop() {
        stopped = true;
        if (timer != null) timer.cancel(false);
    }

    private void arm(long delayNanos) {
        timer = loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (stopped) return;
        long left = lastPing + periodNanos - System.nanoTime();
        if (left <= 0) timedOut.run();
        else arm(left);
    }
}
