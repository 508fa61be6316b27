package io.enlace.bench;

import io.enlace.bench.loadgen.Frames;
import io.enlace.bench.loadgen.Loadgen;
import io.enlace.bench.loadgen.PollClient;
import io.enlace.bench.loadgen.WsClient;
import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The four scenarios. Each returns its figures; progress goes to stderr. */
final class Scenarios {

    static final String ECHO = "echo";
    static final String FANOUT = "fanout";
    static final String CONNECTIONS = "connections";
    static final String POLLING = "polling";

    /** The echo argument: a small JSON object, so that every target parses and re-encodes some JSON. */
    static final String ECHO_ARG = "{\"n\":123,\"s\":\"toma un random\"}";
    static final long MAX_NS = TimeUnit.SECONDS.toNanos(300);
    private static final double LOADGEN_BOUND = 0.9;
    private static final long START = System.nanoTime();
    /** The looser latency bound of the fan-out ramp, reported beside the 100 ms one. */
    private static final double LOOSE_P99_MS = 1000;

    /**
     * {@code --echo-upgrade same|cross}: the echo clients open their sessions on long-polling, then upgrade them to
     * WebSocket (a browser's way), instead of connecting over WebSocket directly. The target's event loops take
     * connections round robin, so with the handshakes made one after another and then the WebSockets one after
     * another, the WebSocket of session i lands on the loop of its handshake ({@code same}) or on another one
     * ({@code cross}: a server that does not move it then crosses loops on every frame; Enlace moves it to its
     * session's loop before the 101), depending on how many connections were accepted in between;
     * this adds the connections that make it so. Null: WebSocket-only clients.
     */
    static String echoUpgrade;

    private final Config cfg;
    private final TargetProcess target;
    private final Loadgen lg;
    private final String name;
    /** Event loops reading the fan-out receivers (1, or one per CPU with --whole-box). */
    private final int receiverLoops;

    Scenarios(Config cfg, TargetProcess target, Loadgen lg, int receiverLoops) {
        this.cfg = cfg;
        this.target = target;
        this.lg = lg;
        this.name = target.name;
        this.receiverLoops = Math.max(1, receiverLoops);
    }

    private void progress(String scenario, String line) {
        System.err.printf(Locale.ROOT, "%6.1fs [%s/%s] %s%n", (System.nanoTime() - START) / 1e9, name, scenario, line);
    }

    private static void sleepS(double s) {
        try {
            Thread.sleep((long) (s * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Figure fig(String scenario, String metric, double value, String note) {
        return new Figure(scenario, name, metric, value, note == null ? "" : note);
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }

    /** CPU meters over a measurement window. */
    private final class Cpu {
        final long t0 = System.nanoTime();
        final long server0 = target.cpuNanos();
        final long gen0 = Loadgen.processCpuNanos();
        long wall;
        long server;
        long gen;

        Cpu stop() {
            wall = System.nanoTime() - t0;
            server = target.cpuNanos() - server0;
            gen = Loadgen.processCpuNanos() - gen0;
            return this;
        }

        double serverCores() {
            return wall == 0 ? 0 : (double) server / wall;
        }

        double genCores() {
            return wall == 0 ? 0 : (double) gen / wall;
        }

        String note() {
            return genCores() >= LOADGEN_BOUND ? "loadgen-bound" : "";
        }
    }

    // ------------------------------------------------------------------------------------------------ echo

    List<Figure> echo() {
        final int window = cfg.echoWindow();
        final ByteBuf[] frames = new ByteBuf[window];
        for (int i = 0; i < window; i++) {
            frames[i] = Frames.text("42" + i + "[\"echo\"," + ECHO_ARG + "]");
        }
        final Histogram hist = new Histogram(MAX_NS, 3);
        final long[] acks = new long[1];
        final boolean[] flags = new boolean[2]; // [0] running, [1] recording
        final int[] lost = new int[1];
        final long[] unexpected = new long[1];
        WsClient.Listener l = new WsClient.Listener() {
            @Override
            public void onAck(WsClient c, int id, ByteBuf buf, int from, int to) {
                if (id >= window || c.slots == null || (c.counter & (1 << id)) == 0) {
                    unexpected[0]++; // an ack for a slot with nothing outstanding: duplicate or unsolicited
                    return;
                }
                c.counter &= ~(1 << id);
                long now = System.nanoTime();
                if (flags[1]) {
                    hist.recordValue(Math.min(MAX_NS, now - c.slots[id]));
                    acks[0]++;
                }
                if (flags[0]) {
                    c.slots[id] = now;
                    c.counter |= 1 << id;
                    c.write(frames[id]);
                }
            }

            @Override
            public void onClosed(WsClient c, boolean wasReady, String why) {
                lost[0]++;
            }
        };
        List<WsClient> clients = new ArrayList<>();
        List<Figure> out = new ArrayList<>();
        try {
            Loadgen.Ramp ramp;
            if (echoUpgrade == null) {
                ramp = lg.connectWs(clients, cfg.echoClients(), 256, l, cfg.connectTimeoutMs(), s -> progress(ECHO, s));
            } else {
                int n = cfg.echoClients();
                int loops = receiverLoops;
                boolean cross = echoUpgrade.equals("cross");
                if (cross && loops == 1) throw new IllegalStateException("--echo-upgrade cross needs --whole-box (2+ event loops)");
                // handshake i and WebSocket i are n + touches accepted connections apart: the same loop iff that is a
                // multiple of the number of loops
                int touches = cross ? (n % loops == 0 ? 1 : 0) : (loops - n % loops) % loops;
                List<String> sids = new ArrayList<>(n);
                try {
                    for (int i = 0; i < n; i++) sids.add(lg.pollingHandshake());
                    for (int i = 0; i < touches; i++) lg.touch();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                progress(ECHO, n + " polling sessions opened; upgrading them (" + echoUpgrade + " loop, " + loops + " loops, "
                        + touches + " extra connections)");
                // one at a time, so that the WebSockets are accepted in the order of their handshakes
                ramp = lg.connectWs(clients, n, 1, l, cfg.connectTimeoutMs(), s -> progress(ECHO, s), sids);
            }
            progress(ECHO, ramp.ready() + " clients ready, " + ramp.failed() + " failed");
            if (ramp.ready() == 0) {
                out.add(fig(ECHO, "acks_per_s", Double.NaN, "no client connected"));
                return out;
            }
            lg.call(() -> {
                flags[0] = true;
                long now = System.nanoTime();
                for (WsClient c : clients) {
                    c.slots = new long[window];
                    for (int i = 0; i < window; i++) {
                        c.slots[i] = now;
                        c.counter |= 1 << i;
                        c.write(frames[i]);
                    }
                    c.flush();
                }
                return null;
            });
            sleepS(cfg.echoWarmS());
            lg.call(() -> {
                hist.reset();
                acks[0] = 0;
                flags[1] = true;
                return null;
            });
            Cpu cpu = measureWindow(ECHO, cfg.echoMeasureS(), () -> acks[0]);
            long[] snap = lg.call(() -> {
                flags[0] = false;
                flags[1] = false;
                return new long[] {acks[0], hist.getValueAtPercentile(50), hist.getValueAtPercentile(99),
                        hist.getValueAtPercentile(99.9), hist.getMaxValue()};
            });
            cpu.stop();
            double rate = snap[0] * 1e9 / cpu.wall;
            String note = cpu.note();
            out.add(fig(ECHO, "acks_per_s", rate, note));
            out.add(fig(ECHO, "p50_ms", ms(snap[1]), note));
            out.add(fig(ECHO, "p99_ms", ms(snap[2]), note));
            out.add(fig(ECHO, "p99.9_ms", ms(snap[3]), note));
            out.add(fig(ECHO, "server_cpu_us_per_ack", snap[0] == 0 ? Double.NaN : cpu.server / 1e3 / snap[0], ""));
            out.add(fig(ECHO, "server_cores", cpu.serverCores(), ""));
            out.add(fig(ECHO, "loadgen_cores", cpu.genCores(), note));
            out.add(fig(ECHO, "clients", ramp.ready(), ""));
            out.add(fig(ECHO, "disconnects", lost[0], ""));
            out.add(fig(ECHO, "unexpected_acks", lg.call(() -> unexpected[0]), ""));
            progress(ECHO, String.format(Locale.ROOT, "%.0f acks/s p50 %.2f p99 %.2f p99.9 %.2f ms; server %.2f cores, loadgen %.2f cores %s",
                    rate, ms(snap[1]), ms(snap[2]), ms(snap[3]), cpu.serverCores(), cpu.genCores(), note));
            return out;
        } finally {
            lg.closeAll(clients);
            for (ByteBuf f : frames) {
                f.release();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ fan-out

    List<Figure> fanout() {
        final double[] rates = cfg.fanRates();
        final int steps = rates.length;
        final long base = System.nanoTime();
        // receivers are spread over `loops` load generators, one event loop each (1 unless --whole-box): one broadcast
        // is 10 000 reads, which one thread does one after the other
        final int loops = receiverLoops;
        final java.util.concurrent.atomic.AtomicLongArray stepStart = new java.util.concurrent.atomic.AtomicLongArray(steps);
        final long[] sent = new long[steps];
        for (int i = 0; i < steps; i++) {
            stepStart.set(i, Long.MAX_VALUE);
        }
        final FanoutReceivers[] rx = new FanoutReceivers[loops];
        final ByteBuf joinFrame = Frames.text("420[\"join\",\"r\"]");
        List<Loadgen> gens = new ArrayList<>();
        gens.add(lg);
        List<List<WsClient>> receivers = new ArrayList<>();
        List<WsClient> senders = new ArrayList<>();
        List<Figure> out = new ArrayList<>();
        String pad = "x".repeat(64);
        try {
            int readyTotal = 0;
            int failedTotal = 0;
            for (int g = 0; g < loops; g++) {
                if (g > 0) {
                    gens.add(lg.sibling());
                }
                FanoutReceivers receiver = new FanoutReceivers(steps, joinFrame, base, stepStart);
                rx[g] = receiver;
                List<WsClient> mine = new ArrayList<>();
                receivers.add(mine);
                int n = cfg.fanReceivers() / loops + (g < cfg.fanReceivers() % loops ? 1 : 0);
                Loadgen.Ramp ramp = gens.get(g).connectWs(mine, n, 256, receiver, cfg.connectTimeoutMs(),
                        s -> progress(FANOUT, s));
                readyTotal += ramp.ready();
                failedTotal += ramp.failed();
            }
            lg.connectWs(senders, 1, 1, new WsClient.Listener() { }, cfg.connectTimeoutMs(), null);
            long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sumOver(gens, g -> rx[g].joined) < readyTotal && System.nanoTime() < joinDeadline) {
                sleepS(0.05);
            }
            int room = (int) sumOver(gens, g -> rx[g].joined);
            progress(FANOUT, readyTotal + " receivers ready" + (loops > 1 ? " on " + loops + " load-generator loops" : "")
                    + ", " + room + " joined room r, " + failedTotal + " failed");
            if (room == 0 || senders.isEmpty()) {
                out.add(fig(FANOUT, "deliveries_per_s", Double.NaN, "no receivers or no sender"));
                return out;
            }
            WsClient sender = senders.get(0);
            double best = Double.NaN;
            double bestP99 = Double.NaN;
            double bestRate = Double.NaN;
            String bestNote = "";
            double bestCpuUs = Double.NaN;
            double bestLoose = Double.NaN;
            double maxComplete = Double.NaN;
            double maxCompleteP99 = Double.NaN;
            String maxCompleteNote = "";
            long mostDelivered = 0;
            double bestLooseP99 = Double.NaN;
            String bestLooseNote = "";
            String stopReason = "all steps passed";
            int failures = 0;
            for (int s = 0; s < steps; s++) {
                final int step = s;
                Cpu cpu = new Cpu();
                FanoutSender fs = FanoutSender.start(lg, sender, rates[s], step, base, stepStart, sent, pad);
                sleepS(cfg.fanStepS());
                fs.stop();
                sleepS(cfg.fanDrainS());
                cpu.stop();
                Histogram merged = new Histogram(MAX_NS, 3);
                long deliveredStep = 0;
                for (int g = 0; g < loops; g++) {
                    final int gi = g;
                    deliveredStep += gens.get(g).call(() -> {
                        merged.add(rx[gi].hist[step]);
                        return rx[gi].delivered[step];
                    });
                }
                long[] r = {lg.call(() -> sent[step]), deliveredStep, merged.getValueAtPercentile(99),
                        merged.getValueAtPercentile(50)};
                long expected = r[0] * room;
                double perS = r[1] / cfg.fanStepS();
                double p99 = ms(r[2]);
                boolean complete = r[1] >= 0.99 * expected;
                boolean ok = complete && p99 <= cfg.fanP99Ms();
                boolean loose = complete && p99 <= LOOSE_P99_MS;
                progress(FANOUT, String.format(Locale.ROOT,
                        "step %d: %.0f broadcasts/s -> %d sent, %d/%d delivered (%.0f/s), p50 %.1f ms, p99 %.1f ms, server %.2f cores, loadgen %.2f cores %s -> %s",
                        s, rates[s], r[0], r[1], expected, perS, ms(r[3]), p99, cpu.serverCores(), cpu.genCores(), cpu.note(),
                        ok ? "sustained" : loose ? "sustained only under the 1 s bound" : "NOT sustained"));
                if (loose && (Double.isNaN(bestLoose) || perS > bestLoose)) {
                    bestLoose = perS;
                    bestLooseP99 = p99;
                    bestLooseNote = cpu.note();
                }
                if (complete && (Double.isNaN(maxComplete) || perS > maxComplete)) {
                    maxComplete = perS;
                    maxCompleteP99 = p99;
                    maxCompleteNote = cpu.note();
                }
                if (r[1] > mostDelivered) {
                    mostDelivered = r[1];
                    bestCpuUs = cpu.server / 1e3 / r[1];
                }
                if (ok && (Double.isNaN(best) || perS > best)) {
                    best = perS;
                    bestP99 = p99;
                    bestRate = rates[s];
                    bestNote = cpu.note();
                }
                if (!loose) {
                    // two failed steps in a row end the ramp (one may be JIT warm-up or a noisy neighbour)
                    stopReason = String.format(Locale.ROOT, "step %.0f/s failed: p99 %.1f ms, %d of %d delivered", rates[s], p99, r[1], expected);
                    if (++failures >= 2) {
                        break;
                    }
                } else {
                    failures = 0;
                }
            }
            progress(FANOUT, "stop: " + stopReason);
            out.add(fig(FANOUT, "deliveries_per_s", best, bestNote));
            out.add(fig(FANOUT, "p99_ms_at_best", bestP99, bestNote));
            out.add(fig(FANOUT, "broadcasts_per_s_at_best", bestRate, ""));
            out.add(fig(FANOUT, "deliveries_per_s_p99_under_1s", bestLoose, bestLooseNote));
            out.add(fig(FANOUT, "p99_ms_at_best_under_1s", bestLooseP99, bestLooseNote));
            out.add(fig(FANOUT, "max_complete_deliveries_per_s", maxComplete, maxCompleteNote));
            out.add(fig(FANOUT, "p99_ms_at_max_complete", maxCompleteP99, maxCompleteNote));
            out.add(fig(FANOUT, "server_cpu_us_per_delivery", bestCpuUs, ""));
            out.add(fig(FANOUT, "receivers", room, ""));
            out.add(fig(FANOUT, "disconnects", sumOver(gens, g -> rx[g].lost), ""));
            return out;
        } finally {
            lg.closeAll(senders);
            for (int g = 0; g < receivers.size(); g++) {
                gens.get(g).closeAll(receivers.get(g));
            }
            for (int g = 1; g < gens.size(); g++) {
                gens.get(g).close();
            }
            joinFrame.release();
        }
    }

    /**
     * The measurement window of a closed-loop scenario: {@code seconds} long, with a progress line each second showing
     * {@code acks} (read on the load generator's loop). The returned CPU meter started with the window.
     */
    private Cpu measureWindow(String scenario, double seconds, Callable<Long> acks) {
        Cpu cpu = new Cpu();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            sleepS(Math.min(1.0, (end - System.nanoTime()) / 1e9));
            long a = lg.call(acks);
            progress(scenario, String.format(Locale.ROOT, "%.1f s: %d acks", (System.nanoTime() - cpu.t0) / 1e9, a));
        }
        return cpu;
    }

    /** The sum of {@code f(g)} over the load generators, each read on its own event loop. */
    private static long sumOver(List<Loadgen> gens, java.util.function.IntToLongFunction f) {
        long sum = 0;
        for (int g = 0; g < gens.size(); g++) {
            final int gi = g;
            sum += gens.get(g).call(() -> f.applyAsLong(gi));
        }
        return sum;
    }

    // ------------------------------------------------------------------------------------------------ connections

    List<Figure> connections() throws Exception {
        final int[] lost = new int[1];
        WsClient.Listener idle = new WsClient.Listener() {
            @Override
            public void onClosed(WsClient c, boolean wasReady, String why) {
                lost[0]++;
            }
        };
        List<WsClient> clients = new ArrayList<>();
        List<Figure> out = new ArrayList<>();
        try {
            // warm-up: connect and close batches of connWarm clients for at least connWarmS seconds (at most 12
            // rounds), so that connects/s and the baseline reflect a JIT-warm target: on one core the JIT compiler
            // of a Java target needs 10-20 s of connection churn before it stops competing with the event loop.
            long warmStart = System.nanoTime();
            for (int round = 1; round <= 12; round++) {
                Loadgen.Ramp warm = lg.connectWs(clients, cfg.connWarm(), cfg.connInFlight(), idle, cfg.connectTimeoutMs(),
                        s -> progress(CONNECTIONS, "warm-up " + s));
                lg.closeAll(clients);
                progress(CONNECTIONS, String.format(Locale.ROOT, "warm-up round %d: %d connected and closed (%.0f/s)",
                        round, warm.ready(), warm.perSecond()));
                if ((System.nanoTime() - warmStart) / 1e9 >= cfg.connWarmS()) break;
            }
            // the target closes its side of the warm-up connections before the baseline is taken
            sleepS(cfg.connWarmS() > 0 ? 2 : 0.5);
            lg.call(() -> lost[0] = 0);
            TargetProcess.Stats s0 = target.stats();
            progress(CONNECTIONS, String.format(Locale.ROOT, "baseline: heap %.1f MB, direct %.1f MB, rss %.1f MB",
                    s0.heap() / 1e6, s0.direct() / 1e6, s0.rss() / 1e6));
            Cpu cpu1 = new Cpu();
            Loadgen.Ramp r1 = lg.connectWs(clients, cfg.connMid(), cfg.connInFlight(), idle, cfg.connectTimeoutMs(),
                    s -> progress(CONNECTIONS, s));
            cpu1.stop();
            TargetProcess.Stats s1 = target.stats();
            int n1 = lg.call(clients::size);
            progress(CONNECTIONS, String.format(Locale.ROOT, "%d connected (%.0f/s): heap %.1f MB, direct %.1f MB, rss %.1f MB",
                    n1, r1.perSecond(), s1.heap() / 1e6, s1.direct() / 1e6, s1.rss() / 1e6));
            Cpu cpu2 = new Cpu();
            Loadgen.Ramp r2 = lg.connectWs(clients, cfg.connTotal() - cfg.connMid(), cfg.connInFlight(), idle,
                    cfg.connectTimeoutMs(), s -> progress(CONNECTIONS, s));
            cpu2.stop();
            TargetProcess.Stats s2 = target.stats();
            int n2 = lg.call(clients::size);
            progress(CONNECTIONS, String.format(Locale.ROOT, "%d connected (%.0f/s): heap %.1f MB, direct %.1f MB, rss %.1f MB",
                    n2, r2.perSecond(), s2.heap() / 1e6, s2.direct() / 1e6, s2.rss() / 1e6));
            long rampNanos = r1.nanos() + r2.nanos();
            double perS = (r1.ready() + r2.ready()) * 1e9 / Math.max(1, rampNanos);
            double genCores = (double) (cpu1.gen + cpu2.gen) / Math.max(1, cpu1.wall + cpu2.wall);
            String note = genCores >= LOADGEN_BOUND ? "loadgen-bound" : "";
            double serverCores = (double) (cpu1.server + cpu2.server) / Math.max(1, cpu1.wall + cpu2.wall);
            out.add(fig(CONNECTIONS, "connects_per_s", perS, note));
            out.add(fig(CONNECTIONS, "server_cores_during_ramp", serverCores, ""));
            out.add(fig(CONNECTIONS, "server_cpu_us_per_connect",
                    (cpu1.server + cpu2.server) / 1e3 / Math.max(1, r1.ready() + r2.ready()), ""));
            out.add(fig(CONNECTIONS, "loadgen_cores_during_ramp", genCores, note));
            out.add(fig(CONNECTIONS, "connected", n2, ""));
            out.add(fig(CONNECTIONS, "failed", r1.failed() + r2.failed() + lost[0], ""));
            String k1 = "@" + cfg.connMid();
            String k2 = "@" + cfg.connTotal();
            if (n1 > 0) {
                out.add(fig(CONNECTIONS, "mem_kb_per_conn" + k1, (s1.heap() + s1.direct() - s0.heap() - s0.direct()) / 1024.0 / n1, ""));
                out.add(fig(CONNECTIONS, "heap_kb_per_conn" + k1, (s1.heap() - s0.heap()) / 1024.0 / n1, ""));
                out.add(fig(CONNECTIONS, "rss_kb_per_conn" + k1, (s1.rss() - s0.rss()) / 1024.0 / n1, ""));
            }
            if (n2 > 0) {
                out.add(fig(CONNECTIONS, "mem_kb_per_conn" + k2, (s2.heap() + s2.direct() - s0.heap() - s0.direct()) / 1024.0 / n2, ""));
                out.add(fig(CONNECTIONS, "heap_kb_per_conn" + k2, (s2.heap() - s0.heap()) / 1024.0 / n2, ""));
                out.add(fig(CONNECTIONS, "rss_kb_per_conn" + k2, (s2.rss() - s0.rss()) / 1024.0 / n2, ""));
                out.add(fig(CONNECTIONS, "rss_mb" + k2, s2.rss() / 1e6, ""));
            }
            return out;
        } finally {
            lg.closeAll(clients);
        }
    }

    // ------------------------------------------------------------------------------------------------ polling

    List<Figure> polling() {
        final int window = cfg.pollWindow();
        final byte[][] packets = new byte[window][];
        for (int i = 0; i < window; i++) {
            packets[i] = ("42" + i + "[\"echo\"," + ECHO_ARG + "]").getBytes(StandardCharsets.US_ASCII);
        }
        final Histogram hist = new Histogram(MAX_NS, 3);
        final long[] acks = new long[1];
        final boolean[] recording = new boolean[1];
        final int[] counts = new int[3]; // ready, failedBeforeReady, failedAfterReady
        final long[] unexpected = new long[1];
        final List<PollClient> clients = new ArrayList<>();
        PollClient.Listener l = new PollClient.Listener() {
            @Override
            public void onReady(PollClient c) {
                counts[0]++;
                // echoes start once every client is connected (sending is switched on after the ramp)
                for (int i = 0; i < window; i++) {
                    c.slotReady[i] = true;
                }
            }

            @Override
            public void onAck(PollClient c, int id) {
                if (id >= window || c.slotReady[id]) {
                    unexpected[0]++; // an ack for a slot with nothing outstanding: duplicate or unsolicited
                    return;
                }
                long now = System.nanoTime();
                if (recording[0]) {
                    hist.recordValue(Math.min(MAX_NS, now - c.slotTime[id]));
                    acks[0]++;
                }
                c.slotTime[id] = now;
                c.slotReady[id] = true;
                c.trySend();
            }

            @Override
            public void onFailed(PollClient c, boolean wasReady, String why) {
                counts[wasReady ? 2 : 1]++;
                if (counts[1] + counts[2] <= 3) {
                    progress(POLLING, "client failed: " + why);
                }
            }
        };
        List<Figure> out = new ArrayList<>();
        try {
            int n = cfg.pollClients();
            // ramp: at most 64 handshakes in flight
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(cfg.connectTimeoutMs());
            int started = 0;
            while (System.nanoTime() < deadline) {
                int[] c = lg.call(() -> counts.clone());
                if (c[0] + c[1] >= n) {
                    break;
                }
                int inFlight = started - c[0] - c[1];
                int toStart = Math.min(64 - inFlight, n - started);
                if (toStart > 0) {
                    final int k = toStart;
                    lg.call(() -> {
                        for (int i = 0; i < k; i++) {
                            PollClient pc = new PollClient(lg, l, packets);
                            clients.add(pc);
                            pc.start();
                        }
                        return null;
                    });
                    started += toStart;
                }
                sleepS(0.01);
            }
            int[] c0 = lg.call(() -> counts.clone());
            progress(POLLING, c0[0] + " polling clients ready, " + c0[1] + " failed");
            if (c0[0] == 0) {
                out.add(fig(POLLING, "acks_per_s", Double.NaN, "no client connected"));
                return out;
            }
            lg.call(() -> {
                long now = System.nanoTime();
                for (PollClient pc : clients) {
                    if (pc.isReady()) {
                        java.util.Arrays.fill(pc.slotTime, now);
                        pc.sending = true;
                        pc.trySend();
                    }
                }
                return null;
            });
            sleepS(cfg.pollWarmS());
            lg.call(() -> {
                hist.reset();
                acks[0] = 0;
                recording[0] = true;
                return null;
            });
            Cpu cpu = measureWindow(POLLING, cfg.pollMeasureS(), () -> acks[0]);
            long[] snap = lg.call(() -> {
                recording[0] = false;
                for (PollClient pc : clients) {
                    pc.sending = false;
                }
                long reopens = 0;
                for (PollClient pc : clients) {
                    reopens += pc.reopens;
                }
                return new long[] {acks[0], hist.getValueAtPercentile(50), hist.getValueAtPercentile(99), counts[2], reopens,
                    unexpected[0]};
            });
            cpu.stop();
            double rate = snap[0] * 1e9 / cpu.wall;
            String note = cpu.note();
            out.add(fig(POLLING, "acks_per_s", rate, note));
            out.add(fig(POLLING, "p50_ms", ms(snap[1]), note));
            out.add(fig(POLLING, "p99_ms", ms(snap[2]), note));
            out.add(fig(POLLING, "server_cpu_us_per_ack", snap[0] == 0 ? Double.NaN : cpu.server / 1e3 / snap[0], ""));
            out.add(fig(POLLING, "server_cores", cpu.serverCores(), ""));
            out.add(fig(POLLING, "loadgen_cores", cpu.genCores(), note));
            out.add(fig(POLLING, "clients", c0[0], ""));
            out.add(fig(POLLING, "disconnects", snap[3], ""));
            out.add(fig(POLLING, "connections_reopened", snap[4], ""));
            out.add(fig(POLLING, "unexpected_acks", snap[5], ""));
            progress(POLLING, String.format(Locale.ROOT, "%.0f acks/s p50 %.2f p99 %.2f ms; server %.2f cores, loadgen %.2f cores %s",
                    rate, ms(snap[1]), ms(snap[2]), cpu.serverCores(), cpu.genCores(), note));
            return out;
        } finally {
            lg.call(() -> {
                for (PollClient pc : clients) {
                    pc.close();
                }
                return null;
            });
            sleepS(0.2);
        }
    }
}
