package io.enlace.bench.targets;

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
 * The control channel shared by the Java targets of this module: the harness talks to a target over its stdin/stdout.
 * A target prints {@code READY <port>} once listening; on the stdin line {@code stats} it runs two full GCs and prints
 * {@code STATS heap=<bytes used after GC> direct=<Netty allocator direct bytes + JDK direct buffers> rss=<bytes>};
 * {@code quit} or end of stdin stops it.
 */
public final class TargetControl {

    private TargetControl() {}

    /** Prints the READY line. */
    public static void ready(int port) {
        System.out.println("READY " + port);
        System.out.flush();
    }

    /** Serves stats requests on stdin until {@code quit} or end of input, then runs {@code onQuit}. Blocks. */
    public static void serveStdin(Runnable onQuit) throws Exception {
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
        try {
            onQuit.run();
        } finally {
            System.exit(0);
        }
    }

    /** Two full GCs, then the STATS line. */
    public static String stats() throws InterruptedException {
        System.gc();
        Thread.sleep(50);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = 0;
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        if (alloc instanceof ByteBufAllocatorMetricProvider provider) {
            direct += provider.metric().usedDirectMemory();
        }
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct += pool.getMemoryUsed();
            }
        }
        return "STATS heap=" + heap + " direct=" + direct + " rss=" + rss() + " alloc=" + alloc.getClass().getSimpleName();
    }

    /** Resident set size of this process in bytes, -1 if unknown. */
    public static long rss() {
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
