package io.enlace.testing;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures the heap kept per idle Socket.IO connection (not a test: run by hand). Starts a {@link SocketIoServer} on a
 * {@link NettyServer} (port 0, one I/O thread, three event handlers per socket as the benchmark target), measures the
 * heap after two full GCs, starts a child JVM that opens {@code N} WebSocket Socket.IO connections to the main
 * namespace and leaves them idle, measures again and prints {@code (after - before) / N}. The clients live in their own
 * process so that their objects are not counted.
 *
 * <p>Usage: {@code java -cp <test classpath> io.enlace.testing.IdleMemoryProbe [N] [rounds]}.
 */
public final class IdleMemoryProbe {
    private IdleMemoryProbe() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().pingInterval(600_000).pingTimeout(60_000).build());
        io.onConnection(socket -> {
            socket.on("echo", (a, ack) -> { if (ack.requested()) ack.send(a.node(0)); });
            socket.on("join", (a, ack) -> socket.join("r"));
            socket.on("fanout", (a, ack) -> io.to("r").emit("msg", a.node(0)));
        });
        NettyServer server = io.attach(NettyServer.builder().host("127.0.0.1").port(0).ioThreads(1)).build();
        server.start().get(30, TimeUnit.SECONDS);
        try {
            runRound(server.port(), Math.min(n, 500), io); // warm-up: classes, pools, JIT
            for (int r = 0; r < rounds; r++) runRound(server.port(), n, io);
        } finally {
            io.close().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            server.stop().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    private static void runRound(int port, int n, SocketIoServer io) throws Exception {
        long[] before = stats();
        histo("before");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Clients.class.getName(), Integer.toString(port), Integer.toString(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (line == null || !line.startsWith("ready")) throw new IllegalStateException("clients failed: " + line);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (io.sockets().sockets().size() < n && System.nanoTime() < deadline) Thread.sleep(20);
            int connected = io.sockets().sockets().size();
            long[] after = stats();
            histo("after");
            System.out.printf("N=%d connected=%d heap %.1f -> %.1f MB: %.0f B/conn heap, %.0f B/conn direct%n", n, connected,
                    before[0] / 1e6, after[0] / 1e6, (after[0] - before[0]) / (double) connected,
                    (after[1] - before[1]) / (double) connected);
            child.getOutputStream().close(); // clients close and exit
            if (!child.waitFor(30, TimeUnit.SECONDS)) child.destroyForcibly();
        } finally {
            if (child.isAlive()) child.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!io.sockets().sockets().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
    }

    /** With {@code -Dprobe.histo=PREFIX}, writes {@code jmap -histo:live} of this process to PREFIX-name.txt. */
    private static void histo(String name) throws IOException, InterruptedException {
        String prefix = System.getProperty("probe.histo");
        if (prefix == null) return;
        String jmap = Path.of(System.getProperty("java.home"), "bin", "jmap").toString();
        Process p = new ProcessBuilder(jmap, "-histo:live", Long.toString(ProcessHandle.current().pid()))
                .redirectOutput(Path.of(prefix + "-" + name + ".txt").toFile()).start();
        p.waitFor(60, TimeUnit.SECONDS);
    }

    private static long[] stats() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = 0;
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p) direct += p.metric().usedDirectMemory();
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) direct += pool.getMemoryUsed();
        }
        return new long[] {heap, direct};
    }

    /** Child process: {@code N} idle WebSocket Socket.IO clients over blocking sockets; exits when stdin closes. */
    public static final class Clients {
        private Clients() {}

        /** Entry point: {@code PORT N}. */
        public static void main(String[] args) throws Exception {
            int port = Integer.parseInt(args[0]);
            int n = Integer.parseInt(args[1]);
            List<Socket> sockets = new ArrayList<>(n);
            try {
                for (int i = 0; i < n; i++) sockets.add(connect(port));
                System.out.println("ready " + sockets.size());
                System.out.flush();
                while (System.in.read() >= 0) { /* until the parent closes stdin */ }
            } finally {
                for (Socket s : sockets) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }

        private static Socket connect(int port) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) throw new IOException("no upgrade: " + head);
            String open = readText(in);
            if (!open.startsWith("0")) throw new IOException("no open packet: " + open);
            writeText(out, "40");
            String connect = readText(in);
            if (!connect.startsWith("40")) throw new IOException("no connect: " + connect);
            return s;
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < 8192 && !(sb.length() >= 4 && sb.lastIndexOf("\r\n\r\n") == sb.length() - 4)) {
                int b = in.read();
                if (b < 0) break;
                sb.append((char) b);
            }
            return sb.toString();
        }

        private static String readText(InputStream in) throws IOException {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) throw new IOException("closed");
            long len = b1 & 0x7f;
            if (len == 126) len = (in.read() << 8) | in.read();
            else if (len == 127) throw new IOException("frame too long");
            byte[] data = in.readNBytes((int) len);
            return new String(data, StandardCharsets.UTF_8);
        }

        private static void writeText(OutputStream out, String text) throws IOException {
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            byte[] mask = {1, 2, 3, 4};
            byte[] frame = new byte[2 + 4 + data.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | data.length);
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < data.length; i++) frame[6 + i] = (byte) (data[i] ^ mask[i & 3]);
            out.write(frame);
            out.flush();
        }
    }
}
