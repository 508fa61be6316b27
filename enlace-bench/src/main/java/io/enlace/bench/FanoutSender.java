package io.enlace.bench;

import io.enlace.bench.loadgen.Frames;
import io.enlace.bench.loadgen.Loadgen;
import io.enlace.bench.loadgen.WsClient;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The open-loop sender of one fan-out rate step: emits {@code fanout} with its intended send time
 * ({@code t0 + i / rate}, relative to {@code base}) on the load generator's loop, catching up when the loop fell behind,
 * so that a late send shows up as latency. Counts what it sent in {@code sent[step]} (read on that loop).
 */
final class FanoutSender {
    private final Loadgen lg;
    private boolean running = true; // on lg's loop

    private FanoutSender(Loadgen lg) {
        this.lg = lg;
    }

    /** Starts step {@code step} at {@code rate} broadcasts/s, now; {@link #stop()} ends it. */
    static FanoutSender start(Loadgen lg, WsClient sender, double rate, int step, long base, AtomicLongArray stepStart,
                              long[] sent, String pad) {
        FanoutSender fs = new FanoutSender(lg);
        long period = (long) (1e9 / rate);
        lg.call(() -> {
            long t0 = System.nanoTime();
            stepStart.set(step, t0 - base);
            Runnable[] tick = new Runnable[1];
            long[] i = {0};
            tick[0] = () -> {
                if (!fs.running) {
                    return;
                }
                long now = System.nanoTime();
                while (t0 + i[0] * period <= now) {
                    long intended = t0 + i[0] * period - base;
                    byte[] bytes = ("42[\"fanout\",{\"t\":" + intended + ",\"p\":\"" + pad + "\"}]")
                            .getBytes(StandardCharsets.US_ASCII);
                    ByteBuf f = sender.channel().alloc().buffer(bytes.length + 8);
                    Frames.writeMasked(f, 0x81, bytes, 0, bytes.length);
                    sender.writeOwned(f);
                    sent[step]++;
                    i[0]++;
                }
                sender.flush();
                lg.loop.schedule(tick[0], Math.max(0, t0 + i[0] * period - System.nanoTime()), TimeUnit.NANOSECONDS);
            };
            tick[0].run();
            return null;
        });
        return fs;
    }

    /** Stops sending (a tick already scheduled does nothing). */
    void stop() {
        lg.call(() -> running = false);
    }
}
