package io.enlace.bench.nsio;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOServer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark target: netty-socketio 2.0.14 (Netty 4.1) serving the Enlace benchmark contract (docs/benchmarks.md).
 *
 * <ul>
 *   <li>{@code echo(arg, ack)}: acks with {@code arg}</li>
 *   <li>{@code join(any, ack?)}: joins room {@code r}, acks {@code "ok"} when asked</li>
 *   <li>{@code fanout(payload, ack?)}: emits {@code msg} with {@code payload} to room {@code r}, acks {@code "ok"} when asked</li>
 *   <li>idle: heartbeats only (pingInterval 25000, pingTimeout 20000)</li>
 * </ul>
 *
 * <p>Settings aligned with the other targets: 1 boss + 1 worker event loop, native epoll, compression off (netty-socketio
 * turns gzip and permessage-deflate on by default, Node does not), payload limits 1 MB, TCP_NODELAY, manual ack mode.
 *
 * <p>Control on stdin: {@code stats} prints {@code STATS heap=.. direct=.. rss=..} after two full GCs; {@code quit} exits.
 * Prints {@code READY <port>} once listening. Usage: {@code NettySocketIoTarget PORT [HOST]}.
 */
public final class NettySocketIoTarget {

    private NettySocketIoTarget() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";

        Configuration cfg = new Configuration();
        cfg.setHostname(host);
        cfg.setPort(port);
        cfg.setBossThreads(1);
        cfg.setWorkerThreads(Integer.getInteger("enlace.bench.ioThreads", 1)); // --whole-box: one per CPU
        cfg.setUseLinuxNativeEpoll(true);
        cfg.setAckMode(AckMode.MANUAL);
        cfg.setHttpCompression(false);
        cfg.setWebsocketCompression(false);
        cfg.setMaxFramePayloadLength(1_000_000);
        cfg.setMaxHttpContentLength(1_000_000);
        cfg.setPingInterval(25_000);
        cfg.setPingTimeout(20_000);
        cfg.setOrigin("*");
        SocketConfig sc = cfg.getSocketConfig();
        sc.setTcpNoDelay(true);
        sc.setReuseAddress(true);
        sc.setAcceptBackLog(4096);

        SocketIOServer server = new SocketIOServer(cfg);
        server.addEventListener("echo", Object.class, (client, data, ack) -> {
            if (ack.isAckRequested()) {
                ack.sendAckData(data);
            }
        });
        server.addEventListener("join", Object.class, (client, data, ack) -> {
            client.joinRoom("r");
            if (ack.isAckRequested()) {
                ack.sendAckData("ok");
            }
        });
        server.addEventListener("fanout", Object.class, (client, data, ack) -> {
            server.getRoomOperations("r").sendEvent("msg", data);
            if (ack.isAckRequested()) {
                ack.sendAckData("ok");
            }
        });
        server.start();
        System.out.println("READY " + port);
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.equals("stats")) {
                System.out.println(stats());
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        server.stop();
        System.exit(0);
    }

    private static String stats() throws InterruptedException {
        System.gc();
        Thread.sleep(50);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = 0;
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        if (alloc instanceof ByteBufAllocatorMetricProvider) {
            direct += ((ByteBufAllocatorMetricProvider) alloc).metric().usedDirectMemory();
        }
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct += pool.getMemoryUsed();
            }
        }
        return "STATS heap=" + heap + " direct=" + direct + " rss=" + rss() + " alloc=" + alloc.getClass().getSimpleName();
    }

    private static long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
