package io.enlace.bench;

import io.enlace.bench.loadgen.Frames;
import io.enlace.bench.loadgen.Loadgen;
import io.enlace.bench.loadgen.WsClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Churn soak (not run in CI): a target jar (the demo by default) on a free loopback port, and for a bounded time
 * (10 minutes by default) clients that connect, emit and disconnect, over WebSocket (the bench load generator) and
 * long-polling, plus abrupt TCP resets in the middle of a handshake and of an upgrade. Each minute it samples the
 * target's live heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), its open file descriptors
 * ({@code /proc/<pid>/fd}) and the latency of a polling handshake made meanwhile (a witness of event-loop lag), and
 * prints one line and one JSON line. At the end: first and last minute, and the least-squares slope per minute.
 *
 * <pre>
 * java -cp enlace-bench/target/enlace-bench.jar io.enlace.bench.Soak [--minutes 10] [--clients 200]
 *      [--jar enlace-demo/target/enlace-demo.jar] [--out target/soak.jsonl]
 * </pre>
 */
public final class Soak {
    private static final int MAX_MINUTES = 120;
    private static final int MAX_CLIENTS = 5000;

    private Soak() {}

    public static void main(String[] args) throws Exception {
        int minutes = 10;
        int clients = 200;
        Path jar = Path.of("enlace-demo/target/enlace-demo.jar");
        Path out = Path.of("target/soak.jsonl");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (minutes < 1 || minutes > MAX_MINUTES) throw new IllegalArgumentException("--minutes 1.." + MAX_MINUTES);
        if (clients < 1 || clients > MAX_CLIENTS) throw new IllegalArgumentException("--clients 1.." + MAX_CLIENTS);
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException(jar + " not found (mvn -DskipTests package)");
        if (out.getParent() != null) Files.createDirectories(out.getParent());

        int port = TargetProcess.freePort();
        Process target = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(Path.of(out + ".target.log").toFile()).start();
        try {
            waitForPort(port, 60_000);
            run(target, port, minutes, clients, out);
        } finally {
            target.destroy();
            if (!target.waitFor(15, TimeUnit.SECONDS)) target.destroyForcibly();
        }
    }

    private record Sample(int minute, long heapKb, int fds, double probeP50Ms, double probeMaxMs, long wsCycles,
                          long pollCycles, long resets, long errors) {
        String json() {
            return String.format(Locale.ROOT, "{\"soak\":\"churn\",\"minute\":%d,\"heapAfterGcKb\":%d,\"fds\":%d,"
                    + "\"probeP50Ms\":%.2f,\"probeMaxMs\":%.2f,\"wsCycles\":%d,\"pollCycles\":%d,\"resets\":%d,"
                    + "\"errors\":%d}", minute, heapKb, fds, probeP50Ms, probeMaxMs, wsCycles, pollCycles, resets, errors);
        }
    }

    private static void run(Process target, int port, int minutes, int clients, Path out) throws Exception {
        AtomicLong wsCycles = new AtomicLong();
        AtomicLong pollCycles = new AtomicLong();
        AtomicLong resets = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        List<Thread> workers = new ArrayList<>();

        // WebSocket churn with the bench's load generator: connect a batch, emit, close, again
        int wsBatch = Math.max(1, clients / 2);
        workers.add(worker("soak-ws", () -> {
            try (Loadgen lg = new Loadgen("127.0.0.1", port, 1)) {
                byte[] emit = "42[\"quiero un random\",1000]".getBytes(StandardCharsets.UTF_8);
                while (System.nanoTime() < end) {
                    List<WsClient> batch = new ArrayList<>();
                    Loadgen.Ramp r = lg.connectWs(batch, wsBatch, 64, new WsClient.Listener() {}, 20_000, null);
                    errors.addAndGet(r.failed());
                    lg.call(() -> {
                        for (WsClient c : batch) {
                            if (c.isReady()) {
                                c.writeOwned(Frames.text(new String(emit, StandardCharsets.UTF_8)));
                                c.flush();
                            }
                        }
                        return null;
                    });
                    lg.closeAll(batch);
                    wsCycles.addAndGet(r.ready());
                }
            }
        }));
        // long-polling churn, and abrupt resets mid-handshake and mid-upgrade
        int pollers = Math.max(1, Math.min(8, clients / 50));
        for (int w = 0; w < pollers; w++) {
            workers.add(worker("soak-poll-" + w, () -> {
                while (System.nanoTime() < end) {
                    try {
                        pollingCycle(port);
                        pollCycles.incrementAndGet();
                        if (ThreadLocalRandom.current().nextBoolean()) resetMidHandshake(port);
                        else resetMidUpgrade(port);
                        resets.incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        workers.forEach(Thread::start);

        List<Sample> samples = new ArrayList<>();
        Sample settled;
        System.out.printf("soak: %d min, %d clients, target pid %d on port %d%n", minutes, clients, target.pid(), port);
        System.out.println("minute  heap-after-GC  fds  probe p50/max ms  ws cycles  poll cycles  resets  errors");
        try (OutputStream json = Files.newOutputStream(out)) {
            Sample first = sample(target, port, 0, wsCycles, pollCycles, resets, errors);
            print(first, json);
            samples.add(first);
            for (int m = 1; m <= minutes; m++) {
                long at = end - TimeUnit.MINUTES.toNanos(minutes - m);
                while (System.nanoTime() < at) Thread.sleep(Math.max(1, Math.min(1000, (at - System.nanoTime()) / 1_000_000)));
                if (m == minutes) {
                    for (Thread t : workers) t.join(60_000);
                    Thread.sleep(2000); // let the server notice the last closes (no client is left)
                }
                Sample s = sample(target, port, m, wsCycles, pollCycles, resets, errors);
                print(s, json);
                samples.add(s);
            }
            // polling clients that vanished without a close packet are sessions until pingInterval + pingTimeout
            // (45 s with the defaults): once they are gone the server must be back at its baseline
            Thread.sleep(50_000);
            settled = sample(target, port, minutes + 1, wsCycles, pollCycles, resets, errors);
            System.out.print("settled (50 s after the last client): ");
            print(settled, json);
        }
        Sample a = samples.get(1 < samples.size() ? 1 : 0);
        Sample z = samples.get(samples.size() - 1);
        double heapSlope = slope(samples.subList(1, samples.size()), true);
        double fdSlope = slope(samples.subList(1, samples.size()), false);
        System.out.printf(Locale.ROOT, "first minute: heap %d KB, %d fds; last minute: heap %d KB, %d fds; slope %.1f KB/min, "
                + "%.2f fds/min; settled: heap %d KB, %d fds (minute 0, as the clients started: %d KB, %d fds); %d ws + %d polling "
                + "connect/emit/disconnect cycles, %d resets, %d errors%n",
                a.heapKb, a.fds, z.heapKb, z.fds, heapSlope, fdSlope, settled.heapKb, settled.fds, samples.get(0).heapKb,
                samples.get(0).fds, z.wsCycles, z.pollCycles, z.resets, z.errors);
        System.out.printf(Locale.ROOT, "{\"soak\":\"churn-summary\",\"firstHeapKb\":%d,\"lastHeapKb\":%d,\"heapSlopeKbPerMin\":%.1f,"
                + "\"firstFds\":%d,\"lastFds\":%d,\"fdSlopePerMin\":%.2f,\"wsCycles\":%d,\"pollCycles\":%d,\"resets\":%d,"
                + "\"errors\":%d}%n", a.heapKb, z.heapKb, heapSlope, a.fds, z.fds, fdSlope, z.wsCycles, z.pollCycles,
                z.resets, z.errors);
    }

    private static Thread worker(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void print(Sample s, OutputStream json) throws IOException {
        System.out.printf(Locale.ROOT, "%6d  %10d KB  %4d  %7.1f / %7.1f  %9d  %11d  %6d  %6d%n", s.minute, s.heapKb, s.fds,
                s.probeP50Ms, s.probeMaxMs, s.wsCycles, s.pollCycles, s.resets, s.errors);
        System.out.println(s.json());
        json.write((s.json() + "\n").getBytes(StandardCharsets.UTF_8));
        json.flush();
    }

    /** Least-squares slope per minute of the heap (KB) or the fd count. */
    private static double slope(List<Sample> s, boolean heap) {
        int n = s.size();
        if (n < 2) return 0;
        double mx = 0, my = 0;
        for (Sample x : s) {
            mx += x.minute;
            my += heap ? x.heapKb : x.fds;
        }
        mx /= n;
        my /= n;
        double num = 0, den = 0;
        for (Sample x : s) {
            double dx = x.minute - mx;
            num += dx * ((heap ? x.heapKb : x.fds) - my);
            den += dx * dx;
        }
        return num / den;
    }

    private static Sample sample(Process target, int port, int minute, AtomicLong ws, AtomicLong poll, AtomicLong resets,
                                 AtomicLong errors) throws Exception {
        double[] probe = new double[20];
        for (int i = 0; i < probe.length; i++) {
            long t0 = System.nanoTime();
            try (Socket s = connect(port)) {
                exchange(s, "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
            } catch (IOException e) {
                errors.incrementAndGet();
            }
            probe[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(probe);
        long heap = heapAfterGc(target.pid());
        int fds = fdCount(target.pid());
        return new Sample(minute, heap, fds, probe[probe.length / 2], probe[probe.length - 1], ws.get(), poll.get(),
                resets.get(), errors.get());
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private static long heapAfterGc(long pid) throws Exception {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        byte[] outBytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return new String(outBytes, StandardCharsets.UTF_8);
    }

    private static int fdCount(long pid) {
        String[] fds = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
        return fds == null ? -1 : fds.length;
    }

    // ---- long-polling and resets (blocking sockets, loopback, every read bounded) ----

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(30_000);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    /** Handshake, connect, emit (with an ack), read the answers, then leave by closing the socket (no goodbye). */
    private static void pollingCycle(int port) throws IOException {
        try (Socket s = connect(port)) {
            String hs = exchange(s, "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
            Matcher m = SID.matcher(hs);
            if (!m.find()) throw new IOException("no sid: " + hs);
            String q = "/socket.io/?EIO=4&transport=polling&sid=" + m.group(1);
            exchange(s, post(q, "40"));
            exchange(s, "GET " + q + " HTTP/1.1\r\nHost: x\r\n\r\n");
            exchange(s, post(q, "421[\"quiero un random\",1000]"));
            exchange(s, "GET " + q + " HTTP/1.1\r\nHost: x\r\n\r\n");
            if (ThreadLocalRandom.current().nextBoolean()) exchange(s, post(q, "1")); // a clean close, half the time
        }
    }

    /** Half an upgrade request, then a TCP reset. */
    private static void resetMidHandshake(int port) throws IOException {
        Socket s = connect(port);
        s.getOutputStream().write("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgr"
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        s.setSoLinger(true, 0);
        s.close();
    }

    /** A polling session, a WebSocket upgrade accepted (101), the probe sent, then a TCP reset of both. */
    private static void resetMidUpgrade(int port) throws IOException {
        Socket poll = connect(port);
        Socket ws = null;
        try {
            String hs = exchange(poll, "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
            Matcher m = SID.matcher(hs);
            if (!m.find()) throw new IOException("no sid: " + hs);
            ws = connect(port);
            String up = "GET /socket.io/?EIO=4&transport=websocket&sid=" + m.group(1) + " HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            ws.getOutputStream().write(up.getBytes(StandardCharsets.US_ASCII));
            readHead(ws.getInputStream());
            byte[] probe = "2probe".getBytes(StandardCharsets.US_ASCII);
            byte[] frame = new byte[2 + 4 + probe.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | probe.length);
            System.arraycopy(probe, 0, frame, 6, probe.length); // zero mask key
            ws.getOutputStream().write(frame);
            ws.getOutputStream().flush();
        } finally {
            poll.setSoLinger(true, 0);
            poll.close();
            if (ws != null) {
                ws.setSoLinger(true, 0);
                ws.close();
            }
        }
    }

    private static String post(String q, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + q + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: " + b.length
                + "\r\n\r\n" + body;
    }

    /** Writes a request and reads its response (Content-Length bodies only, which is what Engine.IO answers). */
    private static String exchange(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        String head = readHead(in);
        int cl = 0;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) cl = Integer.parseInt(line.substring(15).trim());
        }
        byte[] body = in.readNBytes(cl);
        if (body.length < cl) throw new IOException("connection closed in a body");
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.lastIndexOf("\r\n\r\n") == sb.length() - 4) return sb.toString();
            if (sb.length() > 65536) throw new IOException("head too long");
        }
        throw new IOException("connection closed in a head");
    }

    private static void waitForPort(int port, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the target did not listen on " + port + " within " + timeoutMs + " ms");
    }
}
