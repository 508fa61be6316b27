package io.enlace.demo;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The packaged demo as a user runs it: {@code java -jar target/enlace-demo.jar} with nothing else on the class path,
 * serving the pages and the client bundle, and stopping gracefully on SIGTERM.
 */
class DemoJarIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

    @Test
    void runsFromTheJarAndStopsOnSigterm() throws Exception {
        Path jar = Path.of("target", "enlace-demo.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // output to a file: Process.destroy() closes the pipes, and the shutdown lines come after it
        Path log = Path.of("target", "demo-jar-it.log").toAbsolutePath();
        Files.deleteIfExists(log);
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "--host", "127.0.0.1", "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // its log says where it listens (or it exits)
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !p.isAlive() || LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8)).find());
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (!m.find()) fail("no 'listening on' line; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
            int port = Integer.parseInt(m.group(1));

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("/socket.io/socket.io.js");
            HttpResponse<String> client = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/socket.io/socket.io.min.js")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean bundled;
            try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                bundled = zip.getEntry("io/enlace/client-dist/VERSION") != null;
            }
            if (bundled) {
                assertThat(client.statusCode()).as("client bundle packaged in the jar").isEqualTo(200);
                assertThat(client.body()).contains("Socket.IO v4.8.");
            } else {
                // built without npm: the server says so and answers 404 (CI always has npm)
                assertThat(System.getenv("CI")).as("CI=true but the jar has no client bundle").isNotEqualTo("true");
                assertThat(client.statusCode()).isEqualTo(404);
                assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("WARN")
                        .contains("socket.io-client bundle is not packaged");
            }

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s after SIGTERM").isTrue();
            assertThat(Files.readString(log, StandardCharsets.UTF_8))
                    .contains("Shutting down the Enlace demo").contains("Enlace demo stopped");
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
        try (var entries = new java.util.zip.ZipFile(jar.toFile())) {
            if (entries.getEntry("io/enlace/client-dist/VERSION") != null) {
                assertThat(entries.getEntry("io/enlace/client-dist/socket.io.js.br")).isNotNull();
                assertThat(entries.getEntry("io/enlace/client-dist/LICENSE")).isNotNull();
            }
            assertThat(entries.getEntry("public/index.html")).isNotNull();
        }
        assertThat(Files.size(jar)).isGreaterThan(1_000_000);
    }
}
