package io.enlace.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A target server running in its own process. Protocol on its stdio: it prints {@code READY <port>}; on {@code stats}
 * it prints {@code STATS heap=.. direct=.. rss=..} (after forced GCs); {@code quit} stops it.
 */
final class TargetProcess implements AutoCloseable {

    /** Memory snapshot reported by the target after forced GCs, plus RSS read from /proc. */
    record Stats(long heap, long direct, long rss) {
    }

    final String name;
    final int port;
    private final Process process;
    private final OutputStream stdin;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final BlockingQueue<String> statsLines = new LinkedBlockingQueue<>();
    private final boolean echoOutput;

    private TargetProcess(String name, int port, Process process, boolean echoOutput) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.echoOutput = echoOutput;
        Thread reader = new Thread(this::readOutput, "target-" + name + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Starts the command (the port is appended) and waits for READY. */
    static TargetProcess start(String name, List<String> command, Path workDir, Map<String, String> env, long timeoutMs,
                               boolean echoOutput) throws Exception {
        int port = freePort();
        List<String> cmd = new java.util.ArrayList<>(command);
        cmd.add(Integer.toString(port));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        TargetProcess t = new TargetProcess(name, port, p, echoOutput);
        try {
            t.ready.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            t.close();
            throw new IllegalStateException("target " + name + " did not print READY within " + timeoutMs + " ms: " + cmd, e);
        }
        return t;
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready.complete(null);
                } else if (line.startsWith("STATS ")) {
                    statsLines.add(line);
                } else if (echoOutput) {
                    System.err.println("  [" + name + "] " + line);
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
        ready.completeExceptionally(new IllegalStateException("target output closed"));
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Asks the target for a memory snapshot (forced GC inside the target). */
    Stats stats() throws Exception {
        statsLines.clear();
        stdin.write("stats\n".getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        String line = statsLines.poll(30, TimeUnit.SECONDS);
        if (line == null) {
            throw new IllegalStateException("no STATS from " + name);
        }
        long heap = field(line, "heap");
        long direct = field(line, "direct");
        long rss = rssFromProc();
        return new Stats(heap, direct, rss > 0 ? rss : field(line, "rss"));
    }

    private static long field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                try {
                    return Long.parseLong(part.substring(key.length() + 1));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    long rssFromProc() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** utime+stime of the target process (all threads), in nanoseconds; -1 if unknown. */
    long cpuNanos() {
        try {
            String s = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": f[0]=state ... utime is field 14 overall = f[11], stime = f[12]
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * (1_000_000_000L / 100); // USER_HZ is 100 on Linux
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                stdin.write("quit\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                stdin.close();
            }
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(3, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
