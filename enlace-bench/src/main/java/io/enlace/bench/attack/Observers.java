package io.enlace.bench.attack;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a well-behaved user sees during an attack: a witness that asks for a reply 10 times a second on one
 * connection (the demo's {@code quiero un random} with an ack; latency from emit to ack), and a new client every
 * second (time from TCP connect to the Socket.IO CONNECT answer; 5 s at most, else a failure).
 */
final class Observers implements AutoCloseable {
    private static final long MAX_MS = TimeUnit.MINUTES.toMillis(10);
    private static final int TIMEOUT_MS = 5000;

    private final int port;
    private volatile boolean stopped;
    private final Histogram witness = new Histogram(MAX_MS, 3);
    private final Histogram connects = new Histogram(MAX_MS, 3);
    private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger witnessDrops = new AtomicInteger();
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger probeFailures = new AtomicInteger();
    private final AtomicInteger probeTimeouts = new AtomicInteger();
    private final Thread witnessThread;
    private final Thread proberThread;
    private volatile WsPeer peer;

    Observers(int port) {
        this.port = port;
        this.witnessThread = new Thread(this::runWitness, "attack-witness");
        this.proberThread = new Thread(this::runProber, "attack-prober");
        witnessThread.setDaemon(true);
        proberThread.setDaemon(true);
        witnessThread.start();
        proberThread.start();
    }

    private void runWitness() {
        int id = 0;
        while (!stopped) {
            WsPeer p = peer;
            if (p == null) {
                try {
                    p = WsPeer.open(port, 0, TIMEOUT_MS);
                    p.connect("/", null);
                    peer = p;
                    WsPeer reading = p;
                    Thread reader = new Thread(() -> readAcks(reading), "attack-witness-reader");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    if (p != null) p.close();
                    witnessDrops.incrementAndGet();
                    sleep(100);
                    continue;
                }
            }
            int n = ++id;
            sentAt.put(n, System.nanoTime());
            sent.incrementAndGet();
            try {
                p.sendText("42" + n + "[\"quiero un random\",600000]");
            } catch (IOException e) {
                dropWitness(p);
            }
            sleep(100);
        }
    }

    private void readAcks(WsPeer p) {
        while (!stopped && peer == p) {
            String t;
            try {
                t = p.readText();
            } catch (SocketTimeoutException quiet) {
                continue;
            } catch (IOException e) {
                dropWitness(p);
                return;
            }
            if (t.equals("2")) { // the Engine.IO heartbeat
                try {
                    p.sendText("3");
                } catch (IOException e) {
                    dropWitness(p);
                    return;
                }
                continue;
            }
            if (!t.startsWith("43")) continue;
            int end = t.indexOf('[');
            try {
                Long at = sentAt.remove(Integer.parseInt(t.substring(2, end)));
                if (at != null) {
                    answered.incrementAndGet();
                    witness.recordValue(Math.min(MAX_MS, Math.max(0, (System.nanoTime() - at) / 1_000_000)));
                }
            } catch (RuntimeException ignored) {
                // not an ack of ours
            }
        }
    }

    private synchronized void dropWitness(WsPeer p) {
        if (peer != p) return;
        peer = null;
        p.close();
        witnessDrops.incrementAndGet();
    }

    private void runProber() {
        while (!stopped) {
            long t0 = System.nanoTime();
            probes.incrementAndGet();
            try (WsPeer p = WsPeer.open(port, 0, TIMEOUT_MS)) {
                p.connect("/", null);
                connects.recordValue(Math.min(MAX_MS, (System.nanoTime() - t0) / 1_000_000));
            } catch (IOException e) {
                probeFailures.incrementAndGet();
                if (System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS - 500)) probeTimeouts.incrementAndGet();
            }
            long spent = (System.nanoTime() - t0) / 1_000_000;
            sleep(Math.max(0, 1000 - spent));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the observers saw. */
    record Seen(long witnessP50, long witnessP99, long witnessMax, int witnessSent, int witnessLost, int witnessDrops,
                long connectP50, long connectMax, int probes, int probeFailures, int probeTimeouts) {
    }

    /** Stops both observers (5 s more for the acks under way) and returns their figures. */
    Seen stop() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        stopped = true;
        while (!sentAt.isEmpty() && System.nanoTime() < deadline) sleep(50);
        WsPeer p = peer;
        if (p != null) p.close();
        try {
            proberThread.join(10_000);
            witnessThread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // an ack that never came counts as the time the witness waited for it
        long now = System.nanoTime();
        for (Long at : sentAt.values()) witness.recordValue(Math.min(MAX_MS, (now - at) / 1_000_000));
        return new Seen(witness.getValueAtPercentile(50), witness.getValueAtPercentile(99), witness.getMaxValue(),
                sent.get(), sent.get() - answered.get(), witnessDrops.get(),
                connects.getTotalCount() == 0 ? -1 : connects.getValueAtPercentile(50), connects.getMaxValue(),
                probes.get(), probeFailures.get(), probeTimeouts.get());
    }

    @Override
    public void close() {
        stopped = true;
        WsPeer p = peer;
        if (p != null) p.close();
    }
}
