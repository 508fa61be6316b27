package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Ws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions whose handshakes repeat a text (URL, Host...) keep one instance of it, not a copy each. */
class SharedHandshakeTextTest {
    private NettyServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop().join();
    }

    @Test
    void equalUrlsAndHeaderValuesAreOneInstance() throws Exception {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().build());
        BlockingQueue<EngineSocket> sockets = new LinkedBlockingQueue<>();
        engine.onConnection(sockets::add);
        server = EngineTestKit.start(engine);
        String uri = "ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket&room=lobby";
        Ws a = Ws.connect(uri, true, "X-Client", "bench-client/1.0");
        Ws b = Ws.connect(uri, true, "X-Client", "bench-client/1.0");
        Ws c = Ws.connect(uri.replace("lobby", "other"), true, "X-Client", "another/2.0");
        EngineSocket sa = sockets.poll(3, TimeUnit.SECONDS);
        EngineSocket sb = sockets.poll(3, TimeUnit.SECONDS);
        EngineSocket sc = sockets.poll(3, TimeUnit.SECONDS);
        assertThat(sa.url()).isEqualTo("/engine.io/?EIO=4&transport=websocket&room=lobby");
        assertThat(sb.url()).isSameAs(sa.url());
        assertThat(sa.requestHeaders().get("host")).isSameAs(sb.requestHeaders().get("host"));
        assertThat(sa.requestHeaders().get("x-client")).isEqualTo("bench-client/1.0")
                .isSameAs(sb.requestHeaders().get("x-client"));
        // different texts stay different
        assertThat(sc.url()).endsWith("room=other");
        assertThat(sc.requestHeaders().get("x-client")).isEqualTo("another/2.0");
        // the WebSocket key is unique per connection anyway
        assertThat(sa.requestHeaders().get("sec-websocket-key")).isNotEqualTo(sb.requestHeaders().get("sec-websocket-key"));
        a.abort();
        b.abort();
        c.abort();
    }
}
