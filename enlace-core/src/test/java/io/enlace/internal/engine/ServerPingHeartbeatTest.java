package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ServerPingHeartbeat} on a real event loop: pings, pongs, the deadline, stop. */
class ServerPingHeartbeatTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private ServerPingHeartbeat heartbeat(boolean open) {
        return new ServerPingHeartbeat(loop, EngineOptions.builder().pingInterval(50).pingTimeout(100).build(), () -> {
            events.add("ping");
            return open;
        }, () -> events.add("timeout"));
    }

    @Test
    void noPongMeansATimeoutAfterThePing() throws Exception {
        ServerPingHeartbeat h = heartbeat(true);
        loop.submit(h::start).sync();
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("ping");
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("timeout");
        assertThat(loop.submit(h::expired).get()).isTrue();
    }

    @Test
    void aPongStartsTheScheduleOver() throws Exception {
        ServerPingHeartbeat h = heartbeat(true);
        loop.submit(h::start).sync();
        for (int i = 0; i < 3; i++) {
            assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("ping");
            loop.submit(h::onPong).sync(); // answered: the next event is the next ping, never a timeout
            assertThat(loop.submit(h::expired).get()).isFalse();
        }
        loop.submit(h::stop).sync();
    }

    @Test
    void aClosedSessionAwaitsNoPongAndStopCancelsEverything() throws Exception {
        ServerPingHeartbeat closed = heartbeat(false);
        loop.submit(closed::start).sync();
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("ping");
        ServerPingHeartbeat stopped = heartbeat(true);
        loop.submit(() -> {
            stopped.start();
            stopped.stop();
        }).sync();
        // nothing more: no timeout for the closed one, no ping for the stopped one (well past interval + timeout)
        assertThat(events.poll(400, TimeUnit.MILLISECONDS)).isNull();
    }
}
