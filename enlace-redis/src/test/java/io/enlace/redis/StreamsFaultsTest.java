package io.enlace.redis;

import io.enlace.testing.LeakGuardExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.enlace.redis.SioTestClient.joined;

/**
 * The streams adapter when Redis goes away under load, measured with a counter stream: node A broadcasts 1, 2, 3...
 * every 5 ms to room L, with a client on A and one on B, connection state recovery on. Redis is paused (SIGSTOP: its
 * connections stay, nothing is answered) or killed and restarted on its append-only file. Local delivery must go on;
 * once Redis is back, B's client must get every number, in order.
 */
@ExtendWith(LeakGuardExtension.class)
class StreamsFaultsTest {
    private static final Pattern TICK = Pattern.compile("\\[\"tick\",(\\d+)");
    private static final RedisAdapterOptions STREAMS = RedisAdapterOptions.builder().protocol(RedisAdapterOptions.Protocol.STREAMS)
            .requestsTimeout(Duration.ofSeconds(2)).reconnectDelayMax(Duration.ofMillis(500)).build();

    /** What a client got of the counter: the numbers in arrival order. */
    private static List<Integer> drain(SioTestClient c, List<Integer> into) throws InterruptedException {
        SioTestClient.Event e;
        while ((e = c.next(0)) != null) if (e.name().equals("tick")) into.add(e.args().get(0).asInt());
        return into;
    }

    private interface Outage {
        void begin(RedisServerProcess redis) throws Exception;

        void end(RedisServerProcess redis) throws Exception;
    }

    @Test
    void redisPausedUnderLoadLosesNothing() throws Exception {
        counterThroughOutage("paused", false, new Outage() {
            @Override public void begin(RedisServerProcess redis) throws Exception { redis.pause(); }

            @Override public void end(RedisServerProcess redis) throws Exception { redis.resume(); }
        });
    }

    @Test
    void redisRestartedUnderLoadLosesNothing() throws Exception {
        counterThroughOutage("killed and restarted", true, new Outage() {
            @Override public void begin(RedisServerProcess redis) throws Exception { redis.stopProcess(); }

            @Override public void end(RedisServerProcess redis) throws Exception { redis.startProcess(); }
        });
    }

    private void counterThroughOutage(String what, boolean persistent, Outage outage) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(persistent)) {
            EnlaceNode a = new EnlaceNode("A", redis.uri(), STREAMS, true);
            EnlaceNode b = new EnlaceNode("B", redis.uri(), STREAMS, true);
            // each node's stream reader knows where it starts: serverCount counts B from its heartbeat, which can be written
            // before B's reader is placed, and a reader placed after the first ticks never sees them (B once missed 2 of 578)
            a.redis.connected().get(10, TimeUnit.SECONDS);
            b.redis.connected().get(10, TimeUnit.SECONDS);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            Thread load = new Thread(() -> {
                long end = System.currentTimeMillis() + 60_000;
                while (running.get() && System.currentTimeMillis() < end && sent.get() < 20_000) {
                    a.io.to("L").emit("tick", sent.get() + 1);
                    sent.incrementAndGet();
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "counter");
            List<Integer> gotA = new ArrayList<>();
            List<Integer> gotB = new ArrayList<>();
            try (SioTestClient ca = joined(a, "L"); SioTestClient cb = joined(b, "L")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> a.io.sockets().adapter().serverCount().get() == 2);
                load.start();
                await().atMost(Duration.ofSeconds(5)).until(() -> !drain(cb, gotB).isEmpty());

                outage.begin(redis);
                int atOutage = sent.get();
                long t0 = System.nanoTime();
                // local delivery goes on: A's client keeps counting while Redis is away
                await().atMost(Duration.ofSeconds(5)).until(() -> drain(ca, gotA).stream().anyMatch(n -> n > atOutage + 100));
                await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(3));
                int duringOutage = sent.get() - atOutage;
                outage.end(redis);

                await().atMost(Duration.ofSeconds(20)).until(() -> drain(cb, gotB).stream().anyMatch(n -> n > atOutage + duringOutage + 50));
                running.set(false);
                load.join(5000);
                int total = sent.get();
                await().atMost(Duration.ofSeconds(20)).until(() -> drain(cb, gotB).contains(total) && drain(ca, gotA).contains(total));

                List<Integer> inStream = counterInStream(redis);
                long missingB = missing(gotB, total);
                long missingA = missing(gotA, total);
                int dupB = gotB.size() - (int) gotB.stream().distinct().count();
                System.out.printf("streams, Redis %s for 3 s under load: sent %d (%d while Redis was away); stream entries %d; "
                        + "received on A (local) %d, missing %d; received on B (through the stream) %d, missing %d, duplicates %d; "
                        + "stream writes refused %d%n", what, total, duringOutage, inStream.size(), gotA.size(), missingA, gotB.size(),
                        missingB, dupB, a.redis.refusedStreamWrites());
                assertThat(missing(inStream, total)).as("numbers missing in the stream").isZero();
                assertThat(inOrder(inStream)).as("the stream in order: " + around(inStream)).isTrue();
                assertThat(missingA).as("numbers missing on A").isZero();
                assertThat(missingB).as("numbers missing on B").isZero();
                assertThat(inOrder(gotB)).as("B's numbers in order (duplicates aside): " + around(gotB)).isTrue();
                assertThat(inOrder(gotA)).as("A's numbers in order: " + around(gotA)).isTrue();
                assertThat(a.redis.refusedStreamWrites()).isZero();
            } finally {
                running.set(false);
                load.join(5000);
                a.close();
                b.close();
            }
        }
    }

    /** The counter as the stream holds it (its entries in stream order). */
    private static List<Integer> counterInStream(RedisServerProcess redis) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8)) {
            List<Integer> out = new ArrayList<>();
            for (StreamMessage<String, String> m : c.sync().xrange("socket.io", Range.unbounded())) {
                Matcher tick = TICK.matcher(String.valueOf(m.getBody().get("data")));
                if (tick.find()) out.add(Integer.parseInt(tick.group(1)));
            }
            return out;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** The numbers around the first one out of order, for the failure message. */
    private static List<Integer> around(List<Integer> got) {
        int max = 0;
        for (int i = 0; i < got.size(); i++) {
            if (got.get(i) > max + 1) return got.subList(Math.max(0, i - 5), Math.min(got.size(), i + 5));
            max = Math.max(max, got.get(i));
        }
        return List.of();
    }

    private static long missing(List<Integer> got, int total) {
        boolean[] seen = new boolean[total + 1];
        for (int n : got) if (n <= total) seen[n] = true;
        long m = 0;
        for (int i = 1; i <= total; i++) if (!seen[i]) m++;
        return m;
    }

    /** Each number at most the previous one plus 1, and never going back further than a repeat of the previous ones. */
    private static boolean inOrder(List<Integer> got) {
        int max = 0;
        for (int n : got) {
            if (n > max + 1) return false; // a gap: something came after a later number
            max = Math.max(max, n);
        }
        return true;
    }
}
