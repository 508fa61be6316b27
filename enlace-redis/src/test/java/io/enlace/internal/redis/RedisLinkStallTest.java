package io.enlace.internal.redis;

import io.enlace.redis.RedisAdapterOptions;
import io.enlace.redis.RedisServerProcess;
import io.enlace.redis.RedisUnavailableException;
import io.enlace.testing.LeakGuardExtension;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Pub/Sub commands queued behind a stalled Redis I/O thread for longer than {@code requestsTimeout} (a burst of
 * broadcasts on a busy machine) still go out, in order: Lettuce never writes a command that timed out while queued,
 * so a PUBLISH with a timeout would be dropped from the middle of a sequence, and a SUBSCRIBE would never be made.
 * The stall is made by parking every I/O thread of one link; the timed {@code PUBSUB NUMSUB} queued behind the same
 * commands shows that the timeout did pass.
 */
@ExtendWith(LeakGuardExtension.class)
class RedisLinkStallTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private RedisServerProcess redis;
    private final List<RedisLink> links = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stop() throws Exception {
        links.forEach(RedisLink::close);
        if (redis != null) redis.close();
    }

    private RedisLink link() throws Exception {
        RedisLink l = new RedisLink(redis.uri(), RedisAdapterOptions.builder().requestsTimeout(TIMEOUT).build());
        links.add(l);
        l.connected().get(10, TimeUnit.SECONDS);
        return l;
    }

    /** Parks every Lettuce I/O thread of {@code link} until the returned latch is released (at most 20 s). */
    private static CountDownLatch stall(RedisLink link) throws InterruptedException {
        EventLoopGroup group = link.resources().eventLoopGroupProvider().allocate(Transports.eventLoopGroupClass());
        try {
            List<EventExecutor> loops = new ArrayList<>();
            group.forEach(loops::add);
            CountDownLatch parked = new CountDownLatch(loops.size());
            CountDownLatch release = new CountDownLatch(1);
            for (EventExecutor loop : loops) {
                loop.execute(() -> {
                    parked.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(parked.await(10, TimeUnit.SECONDS)).as("every I/O thread parked").isTrue();
            return release;
        } finally {
            link.resources().eventLoopGroupProvider().release(group, 0, 0, TimeUnit.SECONDS);
        }
    }

    /** Waits until a timed command queued now has failed with its timeout: every command queued before has waited longer. */
    private static void outlastTheCommandTimeout(RedisLink link) {
        CompletableFuture<Integer> probe = link.numsub("probe");
        Throwable t = catchThrowable(() -> probe.get(10, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class).cause().isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void publishesQueuedLongerThanTheTimeoutAllArriveInPublishOrder() throws Exception {
        RedisLink publisher = link();
        RedisLink subscriber = link();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        subscriber.subscribe("ordered", (ch, m) -> received.add(new String(m, StandardCharsets.UTF_8))).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.numsub("ordered").get() == 1);

        int count = 300;
        CountDownLatch release = stall(publisher);
        List<CompletableFuture<Long>> published = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) published.add(publisher.publish("ordered", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            outlastTheCommandTimeout(publisher);
        } finally {
            release.countDown();
        }

        for (int i = 0; i < count; i++) {
            assertThat(received.poll(10, TimeUnit.SECONDS)).as("message %d: none lost, in publish order", i).isEqualTo(Integer.toString(i));
        }
        for (CompletableFuture<Long> f : published) assertThat(f.get(5, TimeUnit.SECONDS)).as("each PUBLISH answered").isEqualTo(1L);
        assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();
    }

    @Test
    void publishesMadeWhileRedisIsPausedArriveInOrderWhenItResumes() throws Exception {
        RedisLink publisher = link();
        RedisLink subscriber = link();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        subscriber.subscribe("paused", (ch, m) -> received.add(new String(m, StandardCharsets.UTF_8))).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.numsub("paused").get() == 1);

        int count = 100;
        List<CompletableFuture<Long>> published = new ArrayList<>();
        redis.pause();
        try {
            for (int i = 0; i < count; i++) published.add(publisher.publish("paused", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            outlastTheCommandTimeout(publisher);
            assertThat(published).as("no publish fails while Redis is only slow").noneMatch(CompletableFuture::isCompletedExceptionally);
        } finally {
            redis.resume();
        }
        for (int i = 0; i < count; i++) {
            assertThat(received.poll(10, TimeUnit.SECONDS)).as("message %d", i).isEqualTo(Integer.toString(i));
        }
        for (CompletableFuture<Long> f : published) assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(1L);
    }

    @Test
    void aSubscribeQueuedLongerThanTheTimeoutIsStillMade() throws Exception {
        RedisLink publisher = link();
        RedisLink subscriber = link();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CountDownLatch release = stall(subscriber);
        try {
            subscriber.subscribe("late", (ch, m) -> received.add(new String(m, StandardCharsets.UTF_8)));
            subscriber.psubscribe("late-p#*", (ch, m) -> received.add(ch));
            outlastTheCommandTimeout(subscriber);
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.numsub("late").get() == 1);
        publisher.publish("late", "hello".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
        // the pattern subscription was queued after the channel one: once a message on the pattern arrives, both were made
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            publisher.publish("late-p#x", new byte[] {1}).get(5, TimeUnit.SECONDS);
            String got = received.poll(100, TimeUnit.MILLISECONDS);
            return "late-p#x".equals(got);
        });
    }

    @Test
    void requestCommandsStillTimeOutAndPubSubCommandsDoNot() {
        RedisLink.RequestTimeouts t = new RedisLink.RequestTimeouts(TIMEOUT);
        for (CommandType c : new CommandType[] {CommandType.PUBLISH, CommandType.SPUBLISH, CommandType.SUBSCRIBE,
                CommandType.PSUBSCRIBE, CommandType.SSUBSCRIBE, CommandType.UNSUBSCRIBE, CommandType.PUNSUBSCRIBE, CommandType.SUNSUBSCRIBE}) {
            assertThat(RedisLink.RequestTimeouts.untimed(c)).as(c.name()).isTrue();
        }
        for (CommandType c : new CommandType[] {CommandType.PUBSUB, CommandType.SET, CommandType.GETDEL, CommandType.XRANGE}) {
            assertThat(RedisLink.RequestTimeouts.untimed(c)).as(c.name()).isFalse();
        }
        assertThat(t.getTimeout(null)).isEqualTo(200);
        assertThat(t.getTimeUnit()).isEqualTo(TimeUnit.MILLISECONDS);
    }
}
