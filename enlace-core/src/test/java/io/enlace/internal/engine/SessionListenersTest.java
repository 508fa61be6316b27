package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.internal.engine.codec.InPacket;
import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SessionListeners}: immutable, ordered, and registrations from many threads at once are all kept. */
class SessionListenersTest {

    @Test
    void registrationsMakeNewInstancesInOrder() {
        Consumer<Object> a = m -> { };
        Consumer<Object> b = m -> { };
        SessionListeners one = SessionListeners.EMPTY.plusMessage(a);
        SessionListeners two = one.plusMessage(b);
        assertThat(SessionListeners.EMPTY.message).isEmpty();
        assertThat(one.message).containsExactly(a);
        assertThat(two.message).containsExactly(a, b);
        assertThat(two.close).isEmpty();
    }

    @Test
    void concurrentRegistrationsAreAllKept() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            EngineCore core = new EngineCore(EngineOptions.builder().pingInterval(60_000).build());
            Session s = loop.submit(() -> core.newSession(loop, new HandshakeRequest(new InetSocketAddress(0),
                    new DefaultHttpHeaders(), Map.of(), "/", false, EngineProtocol.V4), "polling")).get(5, TimeUnit.SECONDS);
            loop.submit(() -> core.openPolling(s, new SessionStateTest.FakeGet(s.id()))).get(5, TimeUnit.SECONDS);
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 100; i++) s.onMessage(m -> calls.incrementAndGet());
                });
                th.start();
                threads.add(th);
            }
            go.countDown();
            for (Thread th : threads) th.join(10_000);
            // a message delivered on the loop reaches every listener once
            Object token = new Object();
            SessionStateTest.FakeGet post = new SessionStateTest.FakeGet(null);
            loop.submit(() -> {
                s.onPostStart(post, "text/plain;charset=UTF-8", token);
                s.onPostBody(post, token, List.of(new InPacket('4', "m")), null, 2);
            }).get(5, TimeUnit.SECONDS);
            assertThat(calls.get()).isEqualTo(800);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
