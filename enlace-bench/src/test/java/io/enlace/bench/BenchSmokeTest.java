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

/**
 * CI smoke test: runs the harness with tiny numbers (--smoke) against the built-in Java targets and checks only that
 * figures come out, and that the load generator leaked no buffer. Benchmarks are not tests: nothing here asserts on
 * timing or on the size of a figure.
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
        List<String> targets = new ArrayList<>(List.of("raw-netty"));
        if (enlaceTargetPresent()) {
            targets.add(0, "enlace");
        }
        Bench.Options o = Bench.Options.parse("--smoke", "--no-pin", "--quiet-targets", "--targets", String.join(",", targets),
                "--out", out.toString());
        List<Figure> figures = Bench.run(o);

        for (String t : targets) {
            assertThat(Bench.select(figures, t, Scenarios.ECHO)).extracting(Figure::metric)
                    .contains("acks_per_s", "p50_ms", "p99_ms", "p99.9_ms");
            assertThat(value(figures, t, Scenarios.ECHO, "clients")).isPositive();
            assertThat(value(figures, t, Scenarios.ECHO, "acks_per_s")).isFinite();

            assertThat(Bench.select(figures, t, Scenarios.FANOUT)).extracting(Figure::metric)
                    .contains("deliveries_per_s", "p99_ms_at_best");
            assertThat(value(figures, t, Scenarios.FANOUT, "receivers")).isPositive();

            assertThat(Bench.select(figures, t, Scenarios.CONNECTIONS)).extracting(Figure::metric)
                    .contains("connects_per_s", "mem_kb_per_conn@30", "mem_kb_per_conn@60", "rss_kb_per_conn@60");
            assertThat(value(figures, t, Scenarios.CONNECTIONS, "connected")).isPositive();
        }
        if (targets.contains("enlace")) {
            assertThat(Bench.select(figures, "enlace", Scenarios.POLLING)).extracting(Figure::metric).contains("acks_per_s");
        }
        for (Figure f : figures) {
            assertThat(f.json()).startsWith("{\"scenario\":\"").contains("\"metric\":\"").contains("\"value\":");
        }
        assertThat(out.resolve("results.md")).exists();
        assertThat(Files.readString(out.resolve("results.md"))).contains("| scenario | metric |");
        assertThat(Files.readString(out.resolve("results.svg"))).startsWith("<svg");
        assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(figures.size());

        assertThat(leaks()).as("Netty buffer leaks in the load generator").isEmpty();
    }

    private static boolean enlaceTargetPresent() {
        try {
            Class.forName("io.enlace.bench.targets.EnlaceTarget");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static double value(List<Figure> figures, String target, String scenario, String metric) {
        return Bench.select(figures, target, scenario).stream().filter(f -> f.metric().equals(metric)).findFirst()
                .map(Figure::value).orElse(Double.NaN);
    }

    private static List<String> leaks() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            for (int j = 0; j < 8; j++) {
                ByteBufAllocator.DEFAULT.directBuffer(1).release();
                ByteBufAllocator.DEFAULT.heapBuffer(1).release();
            }
        }
        return new ArrayList<>(LEAKS);
    }
}
