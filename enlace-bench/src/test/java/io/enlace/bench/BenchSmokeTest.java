package io.enlace.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * CI smoke test: runs the harness with tiny numbers (--smoke) against the built-in Java targets and checks that every
 * figure comes out with the right count and in its unit's plausible range (a latency in ms, not ns or s; no more
 * deliveries than were sent; rates and latencies of the closed-loop echo agreeing by Little's law), and that the load
 * generator leaked no buffer. Benchmarks are not tests: the ranges are wide enough for a loaded 2-core machine, and no
 * figure is compared with a target's expected performance.
 */
class BenchSmokeTest {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        // record Netty's leak reports (the surefire argLine sets PARANOID) so that a leak fails this test
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                return new Recording<>(resource, samplingInterval);
            }
        });
    }

    private static final class Recording<T> extends ResourceLeakDetector<T> {
        Recording(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(resourceType);
            super.reportUntracedLeak(resourceType);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void smokeRunProducesFiguresForEveryScenario(@TempDir Path out) throws Exception {
        List<String> targets = List.of("enlace", "raw-netty");
        Config cfg = Config.smoke();
        int cpus = Runtime.getRuntime().availableProcessors();
        Bench.Options o = Bench.Options.parse("--smoke", "--no-pin", "--quiet-targets", "--targets", String.join(",", targets),
                "--out", out.toString());
        List<Figure> figures = Bench.run(o);

        for (String t : targets) {
            // echo: every client connected and stayed, every ack expected; 16 requests in flight per client, so
            // acks/s = in flight / mean latency (Little's law), and the mean is at least half the median
            assertThat(Bench.select(figures, t, Scenarios.ECHO)).extracting(Figure::metric)
                    .contains("acks_per_s", "p50_ms", "p99_ms", "p99.9_ms");
            assertThat(value(figures, t, Scenarios.ECHO, "clients")).isEqualTo(cfg.echoClients());
            assertThat(value(figures, t, Scenarios.ECHO, "disconnects")).isZero();
            assertThat(value(figures, t, Scenarios.ECHO, "unexpected_acks")).isZero();
            double acks = value(figures, t, Scenarios.ECHO, "acks_per_s");
            double p50 = value(figures, t, Scenarios.ECHO, "p50_ms");
            double p99 = value(figures, t, Scenarios.ECHO, "p99_ms");
            double p999 = value(figures, t, Scenarios.ECHO, "p99.9_ms");
            assertLatencyMs(t + " echo p50", p50);
            assertLatencyMs(t + " echo p99.9", p999);
            assertThat(p50).as(t + " echo p50 <= p99 <= p99.9").isLessThanOrEqualTo(p99);
            assertThat(p99).isLessThanOrEqualTo(p999);
            double inFlight = cfg.echoClients() * cfg.echoWindow();
            assertThat(acks).as(t + " echo acks/s against in-flight / latency").isPositive()
                    .isLessThanOrEqualTo(4 * inFlight / (p50 / 1000)).isGreaterThanOrEqualTo(inFlight / (p999 / 1000) / 10);
            double serverCores = value(figures, t, Scenarios.ECHO, "server_cores");
            assertCores(t + " echo server", serverCores, cpus);
            assertCores(t + " echo loadgen", value(figures, t, Scenarios.ECHO, "loadgen_cores"), cpus);
            // µs of server CPU per ack = cores / (acks/s), in µs
            assertThat(value(figures, t, Scenarios.ECHO, "server_cpu_us_per_ack")).as(t + " echo µs of server CPU per ack")
                    .isPositive().isCloseTo(serverCores * 1e6 / acks, withinPercentage(1));

            // fan-out: every receiver joined; no more deliveries than the fastest step sent (plus the step's rounding)
            assertThat(Bench.select(figures, t, Scenarios.FANOUT)).extracting(Figure::metric)
                    .contains("deliveries_per_s", "p99_ms_at_best");
            assertThat(value(figures, t, Scenarios.FANOUT, "receivers")).isEqualTo(cfg.fanReceivers());
            assertThat(value(figures, t, Scenarios.FANOUT, "disconnects")).isZero();
            double maxRate = java.util.Arrays.stream(cfg.fanRates()).max().orElseThrow();
            assertThat(value(figures, t, Scenarios.FANOUT, "deliveries_per_s")).as(t + " fan-out deliveries/s").isPositive()
                    .isLessThanOrEqualTo(maxRate * cfg.fanReceivers() * 1.5);
            assertThat(value(figures, t, Scenarios.FANOUT, "broadcasts_per_s_at_best")).as(t + " broadcasts/s of the best step")
                    .isPositive().isLessThanOrEqualTo(maxRate * 1.5);
            assertLatencyMs(t + " fan-out p99", value(figures, t, Scenarios.FANOUT, "p99_ms_at_best"));

            // connections: all of them, none failed; memory per connection in KB (after full GCs), RSS in MB
            assertThat(Bench.select(figures, t, Scenarios.CONNECTIONS)).extracting(Figure::metric)
                    .contains("connects_per_s", "mem_kb_per_conn@30", "mem_kb_per_conn@60", "rss_kb_per_conn@60");
            assertThat(value(figures, t, Scenarios.CONNECTIONS, "connected")).isEqualTo(cfg.connTotal());
            assertThat(value(figures, t, Scenarios.CONNECTIONS, "failed")).isZero();
            assertThat(value(figures, t, Scenarios.CONNECTIONS, "connects_per_s")).isPositive().isLessThan(1e6);
            assertThat(value(figures, t, Scenarios.CONNECTIONS, "mem_kb_per_conn@60")).as(t + " KB per connection")
                    .isBetween(-64.0, 1024.0);
            assertThat(value(figures, t, Scenarios.CONNECTIONS, "rss_kb_per_conn@60")).isFinite();
            assertThat(value(figures, t, Scenarios.CONNECTIONS, "rss_mb@60")).as(t + " RSS in MB").isBetween(16.0, 8192.0);
        }
        // polling (Enlace only: the raw ceiling speaks WebSocket only)
        assertThat(Bench.select(figures, "enlace", Scenarios.POLLING)).extracting(Figure::metric).contains("acks_per_s");
        assertThat(value(figures, "enlace", Scenarios.POLLING, "clients")).isEqualTo(cfg.pollClients());
        assertThat(value(figures, "enlace", Scenarios.POLLING, "acks_per_s")).isPositive().isLessThan(1e6);
        assertThat(value(figures, "enlace", Scenarios.POLLING, "unexpected_acks")).isZero();
        assertLatencyMs("enlace polling p50", value(figures, "enlace", Scenarios.POLLING, "p50_ms"));
        assertThat(value(figures, "enlace", Scenarios.POLLING, "p50_ms"))
                .isLessThanOrEqualTo(value(figures, "enlace", Scenarios.POLLING, "p99_ms"));
        assertThat(Bench.select(figures, "raw-netty", Scenarios.POLLING)).isEmpty();
        for (Figure f : figures) {
            assertThat(f.json()).startsWith("{\"scenario\":\"").contains("\"metric\":\"").contains("\"value\":");
        }
        assertThat(out.resolve("results.md")).exists();
        assertThat(Files.readString(out.resolve("results.md"))).contains("| scenario | metric |");
        assertThat(Files.readString(out.resolve("results.svg"))).startsWith("<svg");
        assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(figures.size());

        assertThat(leaks()).as("Netty buffer leaks in the load generator").isEmpty();
    }

    /**
     * The echo scenario over sessions opened on long-polling and upgraded to WebSocket ({@code --echo-upgrade}): every
     * client upgrades, connects and gets every ack; with two or more event loops, also with every WebSocket on another
     * loop than its session ({@code cross}).
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void upgradedEchoClientsGetEveryAck(@TempDir Path out) throws Exception {
        Config cfg = Config.smoke();
        List<String> modes = Runtime.getRuntime().availableProcessors() >= 2 ? List.of("same", "cross") : List.of("same");
        try {
            for (String mode : modes) {
                Bench.Options o = Bench.Options.parse("--smoke", "--no-pin", "--quiet-targets", "--targets", "enlace",
                        "--scenarios", "echo", "--whole-box", "--echo-upgrade", mode, "--out", out.resolve(mode).toString());
                List<Figure> figures = Bench.run(o);
                assertThat(value(figures, "enlace", Scenarios.ECHO, "clients")).as(mode).isEqualTo(cfg.echoClients());
                assertThat(value(figures, "enlace", Scenarios.ECHO, "disconnects")).as(mode).isZero();
                assertThat(value(figures, "enlace", Scenarios.ECHO, "unexpected_acks")).as(mode).isZero();
                assertThat(value(figures, "enlace", Scenarios.ECHO, "acks_per_s")).as(mode).isPositive();
            }
        } finally {
            Scenarios.echoUpgrade = null;
        }
        assertThat(leaks()).as("Netty buffer leaks in the load generator").isEmpty();
    }

    /** A latency in milliseconds: above 5 µs (a loopback round trip through a server) and below 10 s (the smoke run). */
    private static void assertLatencyMs(String what, double ms) {
        assertThat(ms).as(what + " in ms").isGreaterThan(0.005).isLessThan(10_000);
    }

    /** CPU use in cores: at most the machine's CPUs. */
    private static void assertCores(String what, double cores, int cpus) {
        assertThat(cores).as(what + " cores").isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(cpus + 0.5);
    }

    private static double value(List<Figure> figures, String target, String scenario, String metric) {
        return Bench.select(figures, target, scenario).stream().filter(f -> f.metric().equals(metric)).findFirst()
                .map(Figure::value).orElse(Double.NaN);
    }

    private static List<String> leaks() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // lets the reference handler enqueue what the GC found (no event to wait on)
            for (int j = 0; j < 8; j++) {
                ByteBufAllocator.DEFAULT.directBuffer(1).release();
                ByteBufAllocator.DEFAULT.heapBuffer(1).release();
            }
        }
        return new ArrayList<>(LEAKS);
    }
}
