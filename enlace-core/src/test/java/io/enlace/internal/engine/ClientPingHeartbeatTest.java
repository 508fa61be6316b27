package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link ClientPingHeartbeat} (Engine.IO v3) on a real event loop: the period, pings, the direction rule, stop. */
class ClientPingHeartbeatTest {
    private static final long INTERVAL = 60;
    private static final long TIMEOUT = 90;
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private ClientPingHeartbeat heartbeat(String name) {
        return new ClientPingHeartbeat(loop, INTERVAL, TIMEOUT, () -> events.add(name + " timeout"));
    }

    @Test
    void noPingMeansATimeoutAfterIntervalPlusTimeout() throws Exception {
        ClientPingHeartbeat h = heartbeat("h");
        long start = System.nanoTime();
        loop.submit(h::start).sync();
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("h timeout");
        // a timer never fires early: the period is pingInterval + pingTimeout, not pingTimeout alone
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(INTERVAL + TIMEOUT);
        assertThat(loop.submit(h::expired).get()).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void pingsKeepTheSessionAliveThenSilenceEndsIt() throws Exception {
        ClientPingHeartbeat h = heartbeat("h");
        AtomicInteger pings = new AtomicInteger();
        loop.submit(h::start).sync();
        // a client pinging every 40 ms, well within the 150 ms period, for more than five periods
        ScheduledFuture<?> pinger = loop.scheduleAtFixedRate(() -> {
            assertThat(h.onPing()).isTrue();
            pings.incrementAndGet();
        }, 40, 40, TimeUnit.MILLISECONDS);
        await().atMost(10, TimeUnit.SECONDS).until(() -> pings.get() >= 20);
        assertThat(events).as("no timeout while the client pings").isEmpty();
        assertThat(loop.submit(h::expired).get()).isFalse();
        pinger.cancel(false);
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("h timeout");
        assertThat(events).isEmpty();
    }

    @Test
    void onlyTheClientPings() throws Exception {
        ClientPingHeartbeat h = heartbeat("h");
        loop.submit(h::start).sync();
        assertThat(loop.submit(h::onPong).get()).as("a pong from a v3 client").isFalse();
        assertThat(loop.submit(h::onPing).get()).isTrue();
        loop.submit(h::stop).sync();
        // and the v4 rule is the mirror
        ServerPingHeartbeat v4 = new ServerPingHeartbeat(loop,
                EngineOptions.builder().pingInterval(60_000).pingTimeout(60_000).build(), () -> true, () -> { });
        loop.submit(v4::start).sync();
        assertThat(loop.submit(v4::onPing).get()).as("a ping from a v4 client").isFalse();
        assertThat(loop.submit(v4::onPong).get()).isTrue();
        loop.submit(v4::stop).sync();
    }

    @Test
    void stopCancelsTheTimeout() throws Exception {
        ClientPingHeartbeat stopped = heartbeat("stopped");
        ClientPingHeartbeat witness = heartbeat("witness");
        loop.submit(() -> {
            stopped.start();
            witness.start();
            stopped.stop();
        }).sync();
        // the witness, started in the same loop task, times out: the stopped one would have by then
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("witness timeout");
        loop.submit(() -> { }).sync(); // a task after the witness's: any timer of the same deadline has run
        assertThat(events).isEmpty();
    }
}
