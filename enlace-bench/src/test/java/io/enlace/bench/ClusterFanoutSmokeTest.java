package io.enlace.bench;

import io.enlace.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster-fanout scenarios (classic and streams) at smoke size against the Enlace target: a redis-server and three
 * Enlace nodes started by the harness, 20 receivers spread over them. Checks only that the figures come out and every
 * receiver joined; skipped when redis-server is not installed. Nothing asserts on timing.
 */
class ClusterFanoutSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {ClusterFanout.NAME, ClusterFanout.STREAMS})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void threeEnlaceNodesOnRedisProduceFigures(String scenario, @TempDir Path out) throws Exception {
        Requirements.require(ClusterFanout.redisServer() != null, "redis-server is not installed (Debian package redis-server)");
        Bench.Options o = Bench.Options.parse("--smoke", "--no-pin", "--quiet-targets", "--targets", "enlace,raw-netty",
                "--scenarios", scenario, "--out", out.toString());
        List<Figure> figures = Bench.run(o);

        List<Figure> enlace = Bench.select(figures, "enlace", scenario);
        assertThat(enlace).extracting(Figure::metric).contains("deliveries_per_s", "p99_ms_at_best",
                "deliveries_per_s_p99_under_1s", "max_complete_deliveries_per_s", "server_cpu_us_per_delivery", "receivers");
        assertThat(enlace).extracting(Figure::metric).doesNotContain("error", "unavailable");
        assertThat(value(enlace, "nodes")).isEqualTo(3);
        assertThat(value(enlace, "receivers")).isEqualTo(20); // every receiver, on all three nodes, joined room r
        // broadcasts crossed Redis, and no more deliveries than the fastest step sent (plus the step's rounding)
        Config cfg = Config.smoke();
        double most = java.util.Arrays.stream(cfg.fanRates()).max().orElseThrow() * 20 * 1.5;
        assertThat(value(enlace, "max_complete_deliveries_per_s")).isPositive().isLessThanOrEqualTo(most);
        assertThat(value(enlace, "server_cpu_us_per_delivery")).as("µs of CPU per delivery").isPositive().isLessThan(1e6);
        // the raw target has no cluster variant: skipped, no figure
        assertThat(Bench.select(figures, "raw-netty", scenario)).isEmpty();
        assertThat(Files.readString(out.resolve("results.md"))).contains("| " + scenario + " | deliveries_per_s |");
    }

    @Test
    void smokeLeavesItOutUnlessAsked() {
        assertThat(Bench.Options.parse("--smoke").scenarios()).doesNotContain(ClusterFanout.NAME, ClusterFanout.STREAMS);
        assertThat(Bench.Options.parse("--quick").scenarios()).contains(ClusterFanout.NAME, ClusterFanout.STREAMS);
        assertThat(Bench.Options.parse().scenarios()).contains(ClusterFanout.NAME, ClusterFanout.STREAMS);
    }

    private static double value(List<Figure> figures, String metric) {
        return figures.stream().filter(f -> f.metric().equals(metric)).findFirst().orElseThrow().value();
    }
}
