package io.enlace.bench;

import io.enlace.bench.loadgen.Frames;
import io.enlace.bench.loadgen.Loadgen;
import io.enlace.bench.loadgen.WsClient;
import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The {@code cluster-fanout} scenario: three nodes of one target (each its own process) form a cluster on their own
 * redis-server (started here on a free loopback port): Enlace with {@code RedisAdapterFactory}
 * ({@code EnlaceTarget --redis URL}), Node socket.io with {@code @socket.io/redis-adapter} ({@code targets/node/server-redis.js}).
 * {@code cluster-fanout-streams} is the same through a Redis stream: the Enlace nodes with the streams protocol, the
 * Node nodes with {@code @socket.io/redis-streams-adapter} (both chosen with {@code REDIS_ADAPTER=streams}).
 * The receivers are spread evenly over the three nodes and join room {@code r}; one more client on node 1 emits
 * {@code fanout} at the rising rates of the fan-out scenario, so each broadcast is delivered locally by node 1 and
 * through Redis by nodes 2 and 3. Figures, per target: deliveries/s of the best step sustained with p99 under the
 * fan-out bound (100 ms) and at least 99 % delivered, its p99, its broadcast rate; the same under a 1 s bound; the
 * highest complete rate (≥ 99 % delivered) whatever its latency; and the CPU of the three nodes plus Redis (cores, and
 * µs per delivery at the highest complete rate). Two steps in a row failing the 1 s bound end the ramp.
 *
 * <p>Three load-generator event loops (one per node, all on the load generator's CPU) each keep their own counters and
 * histograms, merged after each step. Every phase is bounded in count and time.
 */
final class ClusterFanout {

    static final String NAME = "cluster-fanout";
    /** The same through a Redis stream (the streams adapters). */
    static final String STREAMS = "cluster-fanout-streams";
    static final int NODES = 3;
    private static final long MAX_NS = TimeUnit.SECONDS.toNanos(300);
    private static final long START = System.nanoTime();
    /** The looser latency bound reported beside the 100 ms one (as in the fan-out scenario). */
    private static final double LOOSE_P99_MS = 1000;

    private ClusterFanout() {}

    private static void progress(String target, String scenario, String line) {
        System.err.printf(Locale.ROOT, "%6.1fs [%s/%s] %s%n", (System.nanoTime() - START) / 1e9, target, scenario, line);
    }

    static String redisServer() {
        for (String p : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"}) {
            if (new File(p).canExecute()) {
                return p;
            }
        }
        return null;
    }

    /** Whether {@code target} has a cluster variant. */
    static boolean supports(String target) {
        return target.equals("enlace") || target.equals("node");
    }

    /** The adapter of a cluster scenario: classic for {@link #NAME}, streams for {@link #STREAMS}. */
    static String adapter(String scenario) {
        return scenario.equals(STREAMS) ? "streams" : "classic";
    }

    /** Runs the scenario (NAME or STREAMS) against {@code target}; never throws (failures become figures with a note). */
    static List<Figure> run(Bench.Options o, String target, boolean pin, String scenario) {
        String adapter = adapter(scenario);
        List<Figure> out = new ArrayList<>();
        if (!supports(target)) {
            System.err.println("[" + target + "/" + scenario + "] skipped: only enlace and node have a Redis cluster variant");
            return out;
        }
        String redisBin = redisServer();
        if (redisBin == null) {
            System.err.println("[" + target + "/" + scenario + "] skipped: redis-server is not installed");
            out.add(new Figure(scenario, target, "unavailable", Double.NaN, "redis-server not installed"));
            return out;
        }
        List<TargetProcess> nodes = new ArrayList<>();
        Process redis = null;
        Path redisDir = null;
        try {
            int redisPort = TargetProcess.freePort();
            redisDir = Files.createTempDirectory("enlace-bench-redis");
            List<String> rcmd = new ArrayList<>();
            if (pin) {
                rcmd.addAll(List.of("taskset", "-c", "1"));
            }
            rcmd.addAll(List.of(redisBin, "--port", Integer.toString(redisPort), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", redisDir.toString(), "--daemonize", "no", "--loglevel", "warning",
                    "--maxclients", "1000"));
            redis = new ProcessBuilder(rcmd).redirectErrorStream(true).redirectOutput(redisDir.resolve("redis.log").toFile()).start();
            awaitPort(redisPort, 10_000);
            String url = "redis://127.0.0.1:" + redisPort;
            for (int i = 0; i < NODES; i++) {
                TargetProcess tp = TargetProcess.start(target + "-" + (i + 1), command(o, target, url, pin, adapter), null,
                        Map.of("REDIS_ADAPTER", adapter), 60_000, o.echoTargetOutput());
                nodes.add(tp);
            }
            awaitSubscribers(redisPort, NODES, 20_000, adapter);
            progress(target, scenario, NODES + " nodes on Redis port " + redisPort + " (" + adapter + " adapter): pids " + nodes.stream().map(t -> t.pid() + ":" + t.port).toList()
                    + ", redis pid " + redis.pid());
            out.addAll(measure(o.config(), target, nodes, redis.pid(), scenario));
        } catch (Exception e) {
            System.err.println("[" + target + "/" + scenario + "] failed: " + e);
            out.add(new Figure(scenario, target, "error", Double.NaN, String.valueOf(e)));
        } finally {
            for (TargetProcess tp : nodes) {
                tp.close();
            }
            if (redis != null) {
                redis.destroy();
                try {
                    if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                        redis.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    redis.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            if (redisDir != null) {
                try (var files = Files.walk(redisDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // temp files
                }
            }
        }
        return out;
    }

    private static List<String> command(Bench.Options o, String target, String redisUrl, boolean pin, String adapter) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (pin) {
            cmd.addAll(List.of("taskset", "-c", "1"));
        }
        if (target.equals("enlace")) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(Bench.javaTargetFlags(o));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.enlace.bench.targets.EnlaceTarget", "--redis", redisUrl));
        } else {
            Path dir = Bench.nodeTargetDir(o, adapter.equals("streams") ? "@socket.io/redis-streams-adapter" : "@socket.io/redis-adapter");
            cmd.addAll(List.of("node", "--expose-gc", dir.resolve("server-redis.js").toString(), redisUrl));
        }
        return cmd;
    }

    private static void awaitPort(int port, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port + " within " + timeoutMs + " ms");
    }

    /**
     * Waits until {@code n} servers subscribe to the request channel of namespace / ({@code socket.io-request#/#}, or
     * {@code socket.io#/#} with streams) (PUBSUB NUMSUB, raw RESP).
     */
    private static void awaitSubscribers(int port, int n, long timeoutMs, String adapter) throws Exception {
        String channel = adapter.equals("streams") ? "socket.io#/#" : "socket.io-request#/#";
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long count = -1;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] req = ("*3\r\n$6\r\nPUBSUB\r\n$6\r\nNUMSUB\r\n$" + channel.length() + "\r\n" + channel + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            while (System.nanoTime() < deadline) {
                out.write(req);
                out.flush();
                // reply: *2, $len, channel, :count
                String[] lines = new String[4];
                for (int i = 0; i < 4; i++) {
                    lines[i] = readLine(in);
                }
                count = Long.parseLong(lines[3].substring(1));
                if (count >= n) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("only " + count + " of " + n + " nodes subscribed to " + channel + " within " + timeoutMs + " ms");
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4096; i++) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("redis closed the connection");
            }
            if (c == '\r') {
                in.read(); // '\n'
                return sb.toString();
            }
            sb.append((char) c);
        }
        throw new IOException("RESP line too long");
    }

    /** Counters of the receivers of one node; touched only on that node's load-generator loop. */
    private static long cpuNanos(List<TargetProcess> nodes, long redisPid) {
        long sum = 0;
        for (TargetProcess tp : nodes) {
            long c = tp.cpuNanos();
            if (c < 0) {
                return -1;
            }
            sum += c;
        }
        try {
            String s = Files.readString(Path.of("/proc/" + redisPid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / 100);
        } catch (Exception e) {
            return -1;
        }
        return sum;
    }

    /** Busy time of CPU {@code cpu} (user+nice+system+irq+softirq+steal) from /proc/stat, in ns; -1 if unknown. */
    static long cpuBusyNanos(int cpu) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/stat"))) {
                if (l.startsWith("cpu" + cpu + " ")) {
                    String[] f = l.trim().split("\\s+");
                    long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                            + Long.parseLong(f[7]) + Long.parseLong(f[8]);
                    return ticks * (1_000_000_000L / 100);
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static List<Figure> measure(Config cfg, String target, List<TargetProcess> nodes, long redisPid, String scenario) {
        final double[] rates = cfg.fanRates();
        final int steps = rates.length;
        final long base = System.nanoTime();
        final AtomicLongArray stepStart = new AtomicLongArray(steps);
        for (int i = 0; i < steps; i++) {
            stepStart.set(i, Long.MAX_VALUE);
        }
        final long[] sent = new long[steps]; // on loop 0 only
        List<Loadgen> lgs = new ArrayList<>();
        List<List<WsClient>> receivers = new ArrayList<>();
        List<WsClient> senders = new ArrayList<>();
        FanoutReceivers[] counters = new FanoutReceivers[NODES];
        ByteBuf joinFrame = Frames.text("420[\"join\",\"r\"]");
        List<Figure> out = new ArrayList<>();
        try {
            for (int n = 0; n < NODES; n++) {
                lgs.add(new Loadgen("127.0.0.1", nodes.get(n).port, 8));
                receivers.add(new ArrayList<>());
                counters[n] = new FanoutReceivers(steps, joinFrame, base, stepStart);
            }
            int total = cfg.fanReceivers();
            int ready = 0;
            int failed = 0;
            for (int n = 0; n < NODES; n++) {
                WsClient.Listener listener = counters[n];
                int count = total / NODES + (n < total % NODES ? 1 : 0);
                final int node = n;
                Loadgen.Ramp ramp = lgs.get(n).connectWs(receivers.get(n), count, 256, listener, cfg.connectTimeoutMs(),
                        s -> progress(target, scenario, "node " + (node + 1) + " " + s));
                ready += ramp.ready();
                failed += ramp.failed();
            }
            lgs.get(0).connectWs(senders, 1, 1, new WsClient.Listener() { }, cfg.connectTimeoutMs(), null);
            long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int room = 0;
            while (System.nanoTime() < joinDeadline) {
                room = 0;
                for (int n = 0; n < NODES; n++) {
                    FanoutReceivers nc = counters[n];
                    room += lgs.get(n).call(() -> nc.joined);
                }
                if (room >= ready) {
                    break;
                }
                Thread.sleep(50);
            }
            progress(target, scenario, ready + " receivers ready over " + NODES + " nodes, " + room + " joined room r, " + failed + " failed");
            if (room == 0 || senders.isEmpty()) {
                out.add(new Figure(scenario, target, "deliveries_per_s", Double.NaN, "no receivers or no sender"));
                return out;
            }
            WsClient sender = senders.get(0);
            Loadgen lg0 = lgs.get(0);
            String pad = "x".repeat(64);
            double best = Double.NaN;
            double bestP99 = Double.NaN;
            double bestRate = Double.NaN;
            double bestCores = Double.NaN;
            double bestLoose = Double.NaN;
            double bestLooseP99 = Double.NaN;
            double maxComplete = Double.NaN;
            double maxCompleteP99 = Double.NaN;
            double cpuUsPerDelivery = Double.NaN;
            double maxCompleteCores = Double.NaN;
            String stopReason = "all steps passed";
            int failures = 0;
            for (int s = 0; s < steps; s++) {
                final int step = s;
                long cpu0 = cpuNanos(nodes, redisPid);
                long busy0 = cpuBusyNanos(1);
                long wall0 = System.nanoTime();
                FanoutSender fs = FanoutSender.start(lg0, sender, rates[s], step, base, stepStart, sent, pad);
                Thread.sleep((long) (cfg.fanStepS() * 1000));
                fs.stop();
                Thread.sleep((long) (cfg.fanDrainS() * 1000));
                long cpu = cpuNanos(nodes, redisPid) - cpu0;
                long wall = System.nanoTime() - wall0;
                double cores = cpu0 < 0 || cpu < 0 ? Double.NaN : cpu / (double) wall;
                long busy = cpuBusyNanos(1) - busy0;
                // CPU 1 holds the pinned nodes and Redis; whatever else ran there competed with them
                double others = busy0 < 0 || busy < 0 || Double.isNaN(cores) ? Double.NaN : Math.max(0, busy / (double) wall - cores);
                long sentN = lg0.call(() -> sent[step]);
                long deliveredN = 0;
                Histogram merged = new Histogram(MAX_NS, 3);
                long[] perNode = new long[NODES];
                for (int n = 0; n < NODES; n++) {
                    FanoutReceivers nc = counters[n];
                    Object[] r = lgs.get(n).call(() -> new Object[] {nc.delivered[step], nc.hist[step].copy()});
                    perNode[n] = (Long) r[0];
                    deliveredN += perNode[n];
                    merged.add((Histogram) r[1]);
                }
                long expected = sentN * room;
                double perS = deliveredN / cfg.fanStepS();
                double p99 = merged.getValueAtPercentile(99) / 1e6;
                boolean complete = deliveredN >= 0.99 * expected;
                boolean ok = complete && p99 <= cfg.fanP99Ms();
                boolean loose = complete && p99 <= LOOSE_P99_MS;
                progress(target, scenario, String.format(Locale.ROOT,
                        "step %d: %.0f broadcasts/s -> %d sent, %d/%d delivered (%.0f/s; per node %s), p50 %.1f ms, p99 %.1f ms, "
                                + "3 nodes + redis %.2f cores, other processes on CPU 1 %.2f cores -> %s",
                        s, rates[s], sentN, deliveredN, expected, perS, java.util.Arrays.toString(perNode),
                        merged.getValueAtPercentile(50) / 1e6, p99, cores, others, ok ? "sustained" : loose ? "sustained only under the 1 s bound" : "NOT sustained"));
                if (loose && (Double.isNaN(bestLoose) || perS > bestLoose)) {
                    bestLoose = perS;
                    bestLooseP99 = p99;
                }
                if (complete && (Double.isNaN(maxComplete) || perS > maxComplete)) {
                    maxComplete = perS;
                    maxCompleteP99 = p99;
                    maxCompleteCores = cores;
                    cpuUsPerDelivery = cpu < 0 || deliveredN == 0 ? Double.NaN : cpu / 1e3 / deliveredN;
                }
                if (ok && (Double.isNaN(best) || perS > best)) {
                    best = perS;
                    bestP99 = p99;
                    bestRate = rates[s];
                    bestCores = cores;
                }
                if (!loose) {
                    // two failed steps in a row end the ramp, as in the fan-out scenario
                    stopReason = String.format(Locale.ROOT, "step %.0f/s failed: p99 %.1f ms, %d of %d delivered", rates[s], p99,
                            deliveredN, expected);
                    if (++failures >= 2) {
                        break;
                    }
                } else {
                    failures = 0;
                }
            }
            progress(target, scenario, "stop: " + stopReason);
            int lost = 0;
            for (int n = 0; n < NODES; n++) {
                FanoutReceivers nc = counters[n];
                lost += lgs.get(n).call(() -> nc.lost);
            }
            out.add(new Figure(scenario, target, "deliveries_per_s", best, ""));
            out.add(new Figure(scenario, target, "p99_ms_at_best", bestP99, ""));
            out.add(new Figure(scenario, target, "broadcasts_per_s_at_best", bestRate, ""));
            out.add(new Figure(scenario, target, "server_cores_at_best", bestCores, ""));
            out.add(new Figure(scenario, target, "deliveries_per_s_p99_under_1s", bestLoose, ""));
            out.add(new Figure(scenario, target, "p99_ms_at_best_under_1s", bestLooseP99, ""));
            out.add(new Figure(scenario, target, "max_complete_deliveries_per_s", maxComplete, ""));
            out.add(new Figure(scenario, target, "p99_ms_at_max_complete", maxCompleteP99, ""));
            out.add(new Figure(scenario, target, "server_cores_at_max_complete", maxCompleteCores, ""));
            out.add(new Figure(scenario, target, "server_cpu_us_per_delivery", cpuUsPerDelivery, ""));
            out.add(new Figure(scenario, target, "nodes", NODES, ""));
            out.add(new Figure(scenario, target, "receivers", room, ""));
            out.add(new Figure(scenario, target, "disconnects", lost, ""));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.add(new Figure(scenario, target, "error", Double.NaN, "interrupted"));
            return out;
        } finally {
            for (int n = 0; n < lgs.size(); n++) {
                if (n == 0) {
                    lgs.get(0).closeAll(senders);
                }
                lgs.get(n).closeAll(receivers.get(n));
                lgs.get(n).close();
            }
            joinFrame.release();
        }
    }
}
