package io.enlace.redis;

import io.enlace.Args;
import io.enlace.RemoteSocket;
import io.enlace.testing.LeakGuardExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static io.enlace.redis.SioTestClient.joined;

/** Redis unreachable at start, lost under load and restarted: local service goes on, cluster calls fail fast, then recover. */
@ExtendWith(LeakGuardExtension.class)
class RedisFaultsTest {
    private static final RedisAdapterOptions OPTIONS = RedisAdapterOptions.builder()
            .requestsTimeout(Duration.ofSeconds(2)).reconnectDelayMax(Duration.ofMillis(500)).build();

    /** Runs {@code call} and returns its failure, asserting it came in less than {@code maxMs}. */
    private static Throwable failsFast(java.util.function.Supplier<CompletableFuture<?>> call, long maxMs) throws Exception {
        long t0 = System.nanoTime();
        Throwable t = catchThrowable(() -> call.get().get(maxMs + 2000, TimeUnit.MILLISECONDS));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(t).as("cluster call should fail").isInstanceOf(ExecutionException.class);
        assertThat(ms).as("failed after " + ms + " ms").isLessThan(maxMs);
        return t.getCause();
    }

    @ParameterizedTest
    @EnumSource(value = RedisAdapterOptions.Protocol.class, names = {"CLASSIC", "STREAMS"})
    void unreachableAtStartServesLocallyThenJoinsTheCluster(RedisAdapterOptions.Protocol protocol) throws Exception {
        RedisAdapterOptions options = RedisAdapterOptions.builder().protocol(protocol)
                .requestsTimeout(Duration.ofSeconds(2)).reconnectDelayMax(Duration.ofMillis(500)).build();
        try (RedisServerProcess redis = RedisServerProcess.notStarted()) {
            EnlaceNode a = new EnlaceNode("A", redis.uri(), options);
            EnlaceNode b = null;
            try (SioTestClient ca = joined(a, "x")) {
                assertThat(a.redis.isConnected()).isFalse();
                a.io.to("x").emit("local", 1);
                assertThat(ca.expect("local", 5000).args().toString()).as("local delivery without Redis").isEqualTo("[1]");
                // failing fast: well before the 2 s request timeout that a call waiting for Redis would take
                assertThat(failsFast(() -> a.io.sockets().adapter().serverCount(), 1500)).isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("unavailable");
                assertThat(failsFast(() -> a.io.in("x").fetchSockets(), 1500)).isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("unavailable");
                assertThat(failsFast(() -> a.io.serverSideEmitWithAck(Duration.ofSeconds(1), "e"), 1500))
                        .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("unavailable");
                if (protocol == RedisAdapterOptions.Protocol.CLASSIC) {
                    assertThat(failsFast(() -> a.adapter().allRooms(), 1500)).isInstanceOf(RedisUnavailableException.class)
                            .hasMessageContaining("unavailable");
                }
                ca.autoAck(e -> "ok");
                List<Args> acks = a.io.to("x").timeout(Duration.ofSeconds(2)).emitWithAck("q").get(5, TimeUnit.SECONDS);
                assertThat(acks).extracting(x -> x.string(0)).containsExactly("ok");

                redis.startProcess();
                a.redis.connected().get(10, TimeUnit.SECONDS);
                b = new EnlaceNode("B", redis.uri(), options);
                EnlaceNode bb = b;
                await().atMost(Duration.ofSeconds(10)).until(() -> bb.io.sockets().adapter().serverCount().get() == 2);
                try (SioTestClient cb = joined(b, "x")) {
                    a.io.to("x").emit("cluster", 2);
                    assertThat(cb.expect("cluster", 5000).args().toString()).as("cross-node delivery once Redis is up").isEqualTo("[2]");
                }
            } finally {
                a.close();
                if (b != null) b.close();
            }
        }
    }

    @Test
    void lostUnderLoadKeepsLocalDeliveryAndRecovers() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            EnlaceNode a = new EnlaceNode("A", redis.uri(), OPTIONS);
            EnlaceNode b = new EnlaceNode("B", redis.uri(), OPTIONS);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            Thread load = new Thread(() -> {
                long end = System.currentTimeMillis() + 60_000;
                while (running.get() && System.currentTimeMillis() < end && sent.get() < 5000) {
                    a.io.to("L").emit("tick", sent.incrementAndGet());
                    try {
                        Thread.sleep(10); // the scenario: a steady ~100 broadcasts/s while Redis goes away and comes back
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "load");
            try (SioTestClient ca = joined(a, "L"); SioTestClient cb = joined(b, "L")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> a.io.sockets().adapter().serverCount().get() == 2);
                load.start();
                assertThat(cb.expect("tick", 5000).args().get(0).asInt()).isPositive();

                redis.stopProcess();
                await().atMost(Duration.ofSeconds(5)).until(() -> !a.redis.isConnected());
                // local delivery goes on without Redis: ticks sent after Redis was seen gone still arrive
                int sentWithoutRedis = sent.get();
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    SioTestClient.Event e = ca.next("tick", 500);
                    return e != null && e.args().get(0).asInt() > sentWithoutRedis;
                });
                Throwable f = failsFast(() -> a.io.in("L").fetchSockets(), 2500);
                assertThat(f).isInstanceOfAny(RedisUnavailableException.class, ClusterTimeoutException.class);
                failsFast(() -> b.io.serverSideEmitWithAck(Duration.ofSeconds(1), "x"), 2500);

                redis.startProcess();
                await().atMost(Duration.ofSeconds(15)).until(() -> a.redis.isConnected() && b.redis.isConnected());
                await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                        .until(() -> a.io.sockets().adapter().serverCount().get() == 2); // request channels resubscribed
                int before = sent.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    SioTestClient.Event e = cb.next("tick", 500);
                    return e != null && e.args().get(0).asInt() > before; // broadcast pattern resubscribed
                });
                List<RemoteSocket> all = a.io.in("L").fetchSockets().get(5, TimeUnit.SECONDS);
                assertThat(all).extracting(RemoteSocket::id).containsExactlyInAnyOrder(ca.id(), cb.id());
            } finally {
                running.set(false);
                load.join(5000);
                a.close();
                b.close();
            }
            // nothing left behind: the adapters' and Lettuce's threads are gone
            await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && (t.getName().startsWith("enlace-redis") || t.getName().startsWith("lettuce-"))));
        }
    }
}
