package io.enlace.demo;

import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed app exactly as the README shows it, driven over long-polling by hand. */
class ReadmeExampleTest {

    @Test
    void readmeSeedAppGreetsAndSendsNumbers() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        // --- as in README.md ---
        SocketIoServer io = SocketIoServer.create();
        io.onConnection(socket -> {
            socket.emit("bienvenida", Map.of("digo", "Hola cliente WS!"));
            AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();
            socket.on("quiero un random", Integer.class, (ms, ack) -> {
                ScheduledFuture<?> next = scheduler.scheduleAtFixedRate(
                        () -> socket.emit("toma un random", Map.of("numero", ThreadLocalRandom.current().nextInt(1, 1001))),
                        ms, ms, TimeUnit.MILLISECONDS);
                Optional.ofNullable(timer.getAndSet(next)).ifPresent(t -> t.cancel(false));
            });
            socket.onDisconnect((reason, description) -> Optional.ofNullable(timer.get()).ifPresent(t -> t.cancel(false)));
        });
        NettyServer http = io.listen(0).join();
        // ---
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + http.port() + "/socket.io/?EIO=4&transport=polling";
            String open = get(client, base);
            assertThat(open).startsWith("0{\"sid\":\"");
            String sid = open.substring(9, 29);
            String url = base + "&sid=" + sid;
            assertThat(post(client, url, "40")).isEqualTo("ok");
            StringBuilder seen = new StringBuilder(get(client, url));
            for (int i = 0; i < 5 && !seen.toString().contains("bienvenida"); i++) seen.append(get(client, url));
            assertThat(seen.toString()).contains("42[\"bienvenida\",{\"digo\":\"Hola cliente WS!\"}]");
            assertThat(post(client, url, "42[\"quiero un random\",50]")).isEqualTo("ok");
            StringBuilder numbers = new StringBuilder();
            for (int i = 0; i < 20 && !numbers.toString().contains("toma un random"); i++) numbers.append(get(client, url));
            assertThat(numbers.toString()).containsPattern("42\\[\"toma un random\",\\{\"numero\":([1-9]\\d{0,2}|1000)}]");
        } finally {
            io.close().join();
            http.stop().join();
            scheduler.shutdownNow();
        }
    }

    private static String get(HttpClient client, String url) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static String post(HttpClient client, String url, String body) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
