package io.enlace.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --repeat N}: each figure the median of its runs; the enlace-metrics and enlace-before targets are known but not
 * defaults.
 */
class BenchRepeatTest {

    @Test
    void mediansPerScenarioTargetAndMetric() {
        List<Figure> all = List.of(
                new Figure("echo", "enlace", "acks_per_s", 100, ""),
                new Figure("echo", "enlace-metrics", "acks_per_s", 90, ""),
                new Figure("echo", "enlace", "acks_per_s", 300, ""),
                new Figure("echo", "enlace-metrics", "acks_per_s", Double.NaN, "error"),
                new Figure("echo", "enlace", "acks_per_s", 120, ""),
                new Figure("echo", "enlace-metrics", "acks_per_s", 110, ""));
        List<Figure> m = Bench.medians(all);
        assertThat(m).hasSize(2);
        assertThat(m.get(0).value()).isEqualTo(120);
        assertThat(m.get(1).value()).isEqualTo(100); // the two finite values' mean
        assertThat(m.get(1).note()).isEqualTo("error");
        assertThat(Bench.medians(List.of(new Figure("a", "b", "c", Double.NaN, ""))).get(0).value()).isNaN();
    }

    @Test
    void options() {
        Bench.Options o = Bench.Options.parse("--quick", "--targets", "enlace,enlace-metrics", "--repeat", "3");
        assertThat(o.repeat()).isEqualTo(3);
        assertThat(o.targets()).containsExactly("enlace", "enlace-metrics");
        assertThat(Bench.Options.parse().targets()).doesNotContain("enlace-metrics");
        assertThat(Bench.Options.parse().repeat()).isEqualTo(1);
        assertThatThrownBy(() -> Bench.Options.parse("--repeat", "0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void beforeTargetNeedsTheOtherBuildsJar(@TempDir Path dir) throws Exception {
        assertThat(Bench.Options.parse().targets()).doesNotContain("enlace-before");
        assertThatThrownBy(() -> Bench.Options.parse("--targets", "enlace,enlace-before"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --before");
        assertThatThrownBy(() -> Bench.Options.parse("--targets", "enlace,enlace-before", "--before", dir.resolve("x.jar").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such file");
        Path jar = Files.createFile(dir.resolve("old-enlace-bench.jar"));
        Bench.Options o = Bench.Options.parse("--targets", "enlace,enlace-before", "--before", jar.toString());
        assertThat(o.targets()).containsExactly("enlace", "enlace-before");
        assertThat(o.beforeJar()).isEqualTo(jar.toAbsolutePath());
    }
}
