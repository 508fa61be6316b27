package io.enlace.demo;


import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A redis-server child process on a free loopback port, without persistence (as in enlace-redis's tests). */
final class RedisProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final Process process;

    private RedisProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    static String binary() {
        for (String p : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"}) {
            if (new File(p).canExecute()) return p;
        }
        return null;
    }

    /** Requires redis-server: fails under CI, skips elsewhere ({@link io.enlace.testing.Requirements}). */
    static void assumeInstalled() {
        io.enlace.testing.Requirements.require(binary() != null, "redis-server is not installed (Debian package redis-server)");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts one on {@code port}; {@code password} null for none. */
    static RedisProcess start(int port, String password) throws Exception {
        assumeInstalled();
        Path dir = Files.createTempDirectory("enlace-demo-redis");
        List<String> cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no", "--loglevel", "warning"));
        if (password != null) cmd.addAll(List.of("--requirepass", password));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisProcess r = new RedisProcess(port, dir, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return r;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        r.close();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    static RedisProcess start() throws Exception {
        return start(freePort(), null);
    }

    int port() { return port; }

    String url() { return "redis://127.0.0.1:" + port; }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
