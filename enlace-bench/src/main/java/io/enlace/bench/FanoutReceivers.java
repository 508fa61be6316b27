package io.enlace.bench;

import io.enlace.bench.loadgen.WsClient;
import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The fan-out receivers of one load-generator event loop: each joins room {@code r} once ready, and every event is
 * counted and its latency (receive time − the intended send time it carries) recorded in the rate step it was sent
 * in. The counters are read and written on that event loop only.
 */
final class FanoutReceivers implements WsClient.Listener {
    final Histogram[] hist;
    final long[] delivered;
    int joined;
    int lost;
    private final ByteBuf joinFrame;
    private final long base;
    private final AtomicLongArray stepStart;

    /**
     * @param joinFrame the pre-encoded {@code join} frame (the caller owns and releases it)
     * @param base      the {@code System.nanoTime()} origin of the intended send times
     * @param stepStart when each step started (relative to {@code base}); {@code Long.MAX_VALUE} until it does
     */
    FanoutReceivers(int steps, ByteBuf joinFrame, long base, AtomicLongArray stepStart) {
        this.hist = new Histogram[steps];
        this.delivered = new long[steps];
        for (int i = 0; i < steps; i++) {
            hist[i] = new Histogram(Scenarios.MAX_NS, 3);
        }
        this.joinFrame = joinFrame;
        this.base = base;
        this.stepStart = stepStart;
    }

    @Override
    public void onReady(WsClient c) {
        c.write(joinFrame);
        c.flush();
    }

    @Override
    public void onAck(WsClient c, int ackId, ByteBuf buf, int from, int to) {
        if (ackId == 0) {
            joined++;
        }
    }

    @Override
    public void onEvent(WsClient c, ByteBuf b, int from, int to) {
        long now = System.nanoTime() - base;
        long t = intendedTime(b, from, to);
        if (t >= 0) {
            int s = stepOf(t);
            delivered[s]++;
            hist[s].recordValue(Math.max(0, Math.min(Scenarios.MAX_NS, now - t)));
        }
    }

    @Override
    public void onClosed(WsClient c, boolean wasReady, String why) {
        lost++;
    }

    /** The intended send time {@code "t":<ns>} carried in a fan-out event between {@code from} and {@code to}, or -1. */
    static long intendedTime(ByteBuf b, int from, int to) {
        for (int i = from; i + 4 < to; i++) {
            if (b.getByte(i) == '"' && b.getByte(i + 1) == 't' && b.getByte(i + 2) == '"' && b.getByte(i + 3) == ':') {
                long t = 0;
                byte ch;
                for (int p = i + 4; p < to && (ch = b.getByte(p)) >= '0' && ch <= '9'; p++) {
                    t = t * 10 + (ch - '0');
                }
                return t;
            }
        }
        return -1;
    }

    /** The rate step that sent at {@code t}: the last one started at or before it (step 0 for earlier times). */
    private int stepOf(long t) {
        int s = stepStart.length() - 1;
        while (s > 0 && stepStart.get(s) > t) {
            s--;
        }
        return s;
    }
}
