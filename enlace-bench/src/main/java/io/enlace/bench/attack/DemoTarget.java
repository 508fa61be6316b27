package io.enlace.bench.attack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attacked server: a jar started as {@code java -jar <jar> --host 127.0.0.1 --port <free>} (the demo's command
 * line, in this build or an older one) in its own process, with a fixed heap and file descriptor limit, and what can
 * be read of it from outside: RSS and open files from /proc, the live heap after a full GC with {@code jcmd}.
 */
final class DemoTarget implements AutoCloseable {
    /** The target's heap; the fd limit (set with ulimit) is in {@link #FD_LIMIT}. */
    static final String HEAP = "-Xmx1g";
    static final int FD_LIMIT = 4096;

    final int port;
    private final Process process;
    private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());

    private DemoTarget(int port, Process process) {
        this.port = port;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (log.size() < 5000) log.add(line);
                }
            } catch (IOException ignored) {
                // gone
            }
        }, "attack-target-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code jar} and waits (30 s at most) until it serves {@code GET /}; three tries (a free port can be taken meanwhile). */
    static DemoTarget start(Path jar, String java) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(jar, java);
            } catch (IllegalStateException e) {
                if (attempt == 3 || !e.getMessage().contains("Address already in use")) throw e;
            }
        }
    }

    private static DemoTarget startOnce(Path jar, String java) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String cmd = "ulimit -n " + FD_LIMIT + " && exec " + java + " " + HEAP + " -XX:+UseG1GC -jar " + jar
                + " --host 127.0.0.1 --port " + port;
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        DemoTarget t = new DemoTarget(port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("target exited: " + String.join("\n", t.log));
            if (t.servesPage(2000) > 0) return t;
            Thread.sleep(200);
        }
        t.kill();
        throw new IllegalStateException("target did not serve GET / within 30 s: " + String.join("\n", t.log));
    }

    /** Milliseconds to get a complete {@code 200} for {@code GET /}, or -1 (refused, timed out, another status). */
    long servesPage(int timeoutMs) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] all = s.getInputStream().readAllBytes();
            String head = new String(all, 0, Math.min(all.length, 12), StandardCharsets.ISO_8859_1);
            return head.startsWith("HTTP/1.1 200") ? Math.max(1, (System.nanoTime() - t0) / 1_000_000) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    long pid() { return process.pid(); }

    boolean alive() { return process.isAlive(); }

    /** Resident set size in bytes, or -1. */
    long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Open file descriptors, or -1. */
    int fds() {
        String[] l = new java.io.File("/proc/" + pid() + "/fd").list();
        return l == null ? -1 : l.length;
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /** Live heap in bytes: used heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}); -1 if no answer within 20 s. */
    long liveHeap() {
        if (!alive()) return -1;
        if (jcmd("GC.run") == null) return -1;
        String info = jcmd("GC.heap_info");
        if (info == null) return -1;
        Matcher m = USED.matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private String jcmd(String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid()), command).redirectErrorStream(true).start();
            byte[][] out = new byte[1][];
            Thread r = new Thread(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            r.setDaemon(true);
            r.start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            r.join(2000);
            return p.exitValue() == 0 && out[0] != null ? new String(out[0], StandardCharsets.UTF_8) : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** Log lines of the target that contain {@code text}. */
    long logLines(String text) {
        synchronized (log) {
            return log.stream().filter(l -> l.contains(text)).count();
        }
    }

    /** Sends SIGTERM; true when the process exited within 15 s (else it is killed). */
    boolean stop() {
        if (!process.isAlive()) return false;
        process.destroy();
        try {
            if (process.waitFor(15, TimeUnit.SECONDS)) return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return false;
    }

    private void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) kill();
    }
}
