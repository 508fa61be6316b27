package io.enlace.demo;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar in cluster mode, with nothing else on the class path: {@code --redis} with a password (masked in the
 * log) joins the cluster; {@code REDIS_URL} pointing at nobody starts local-only with a warning.
 */
class DemoClusterJarIT {

    @Test
    void joinsTheClusterWithMaskedCredentials() throws Exception {
        try (RedisProcess redis = RedisProcess.start(RedisProcess.freePort(), "s3cret-pw")) {
            String url = "redis://:s3cret-pw@127.0.0.1:" + redis.port();
            // joined: its /chat adapter subscribed on that Redis (seen from Redis; at startup the node waits 3 s for
            // Redis, which a loaded machine can exceed: then it says "NOT connected yet" and joins a moment later)
            String log = runJar(List.of("--redis", url), Map.of(), "listening on", () -> RedisCheck.awaitServers(url, 1));
            assertThat(log).contains("cluster via Redis at redis://***@127.0.0.1:" + redis.port()).doesNotContain("s3cret-pw");
            if (!log.contains(", connected)")) assertThat(log).contains("NOT connected yet");
        }
    }

    @Test
    void theStreamsAdapterIsChosenByFlagOrEnvironment() throws Exception {
        try (RedisProcess redis = RedisProcess.start(RedisProcess.freePort(), null)) {
            String url = "redis://127.0.0.1:" + redis.port();
            // joined: seen from Redis (the 3 s start-up wait for Redis may pass first on a loaded machine)
            String log = runJar(List.of("--redis", url), Map.of("REDIS_ADAPTER", "streams"), "listening on",
                    () -> RedisCheck.awaitServers(url, 1, "streams"));
            // (a start-up slower than the 3 s wait logs "unreachable ... LOCAL-ONLY" first; awaitServers saw it join)
            assertThat(log).contains("@socket.io/redis-streams-adapter protocol");
            log = runJar(List.of("--redis", url, "--redis-adapter", "sharded"), Map.of("REDIS_ADAPTER", "streams"), "listening on",
                    () -> { });
            assertThat(log).as("the flag wins").contains("@socket.io/redis-adapter sharded protocol");
        }
        Path jar = Path.of("target", "enlace-demo.jar").toAbsolutePath();
        Process bad = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--redis-adapter", "kafka").redirectErrorStream(true).start();
        String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(out).contains("--redis-adapter / REDIS_ADAPTER must be classic, sharded or streams, got 'kafka'").contains("usage:");
    }

    @Test
    void unreachableRedisFromTheEnvironmentWarnsAndStartsLocalOnly() throws Exception {
        RedisProcess.assumeInstalled();
        int port = RedisProcess.freePort();
        String log = runJar(List.of(), Map.of("REDIS_URL", "redis://127.0.0.1:" + port), "listening on", () -> { });
        assertThat(log).contains("WARN").contains("Redis at redis://127.0.0.1:" + port + " is unreachable")
                .contains("LOCAL-ONLY").contains("NOT connected yet");
    }

    /**
     * Runs the jar until {@code until} shows in its output, then {@code whileRunning}, stops it with SIGTERM, returns the
     * output.
     */
    private static String runJar(List<String> args, Map<String, String> env, String until, Runnable whileRunning) throws Exception {
        Path jar = Path.of("target", "enlace-demo.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile(Path.of("target").toAbsolutePath(), "demo-cluster-jar-it", ".log");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-jar", jar.toString(), "--host", "127.0.0.1", "--port", "0"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("REDIS_URL");
        pb.environment().remove("REDIS_ADAPTER");
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !p.isAlive() || Files.readString(log, StandardCharsets.UTF_8).contains(until));
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (!out.contains(until)) fail("no '" + until + "' line; output:\n" + out);
            whileRunning.run();
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s after SIGTERM").isTrue();
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
    }
}
