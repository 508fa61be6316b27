package io.enlace.redis;

import io.lettuce.core.RedisURI;
import io.enlace.testing.Requirements;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server child process on a free loopback port, without persistence (or with an append-only file synced on
 * every write, so that a restart keeps the data); stopped, paused and restarted by the tests.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final boolean persistent;
    private Process process;

    private RedisServerProcess(int port, boolean persistent) throws IOException {
        this.port = port;
        this.persistent = persistent;
        this.dir = Files.createTempDirectory("enlace-redis");
    }

    static String binary() {
        for (String p : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"}) {
            if (new File(p).canExecute()) return p;
        }
        return null;
    }

    /** Starts one; without redis-server the test fails under CI and is skipped elsewhere ({@link Requirements}). */
    public static RedisServerProcess start() throws Exception { return start(false); }

    /** With {@code persistent}, an append-only file synced on every write: data survive {@link #stopProcess()}. */
    static RedisServerProcess start(boolean persistent) throws Exception {
        Requirements.require(binary() != null, "redis-server is not installed (Debian package redis-server)");
        RedisServerProcess r = new RedisServerProcess(freePort(), persistent);
        r.startProcess();
        return r;
    }

    /** One for a free port, not started yet (see {@link #startProcess()}). */
    static RedisServerProcess notStarted() throws Exception {
        Requirements.require(binary() != null, "redis-server is not installed (Debian package redis-server)");
        return new RedisServerProcess(freePort(), false);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() { return port; }

    public RedisURI uri() { return RedisURI.create("redis://127.0.0.1:" + port); }

    synchronized void startProcess() throws Exception {
        process = new ProcessBuilder(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", persistent ? "yes" : "no", "--appendfsync", "always", "--dir", dir.toString(),
                "--daemonize", "no", "--loglevel", "warning")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** Kills the process (as a crash would) and waits for it to exit. */
    synchronized void stopProcess() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        process = null;
    }

    /** Stops the process (SIGSTOP): its connections stay open but nothing is answered until {@link #resume()}. */
    public synchronized void pause() throws Exception { signal("-STOP"); }

    /** Resumes a paused process (SIGCONT). */
    public synchronized void resume() throws Exception { signal("-CONT"); }

    private void signal(String sig) throws Exception {
        Process kill = new ProcessBuilder("kill", sig, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) throw new IllegalStateException("kill " + sig + " failed");
    }

    @Override
    public void close() throws Exception {
        stopProcess();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
