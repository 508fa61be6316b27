package io.enlace.internal.netty;

import io.enlace.engine.EngineError;
import io.enlace.engine.EngineOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HttpPollExchange}: ownership of the payload, the connection-lost task, refusals. */
class HttpPollExchangeTest {
    private final RealEngineServer engine = (RealEngineServer) RealEngineServer.create(EngineOptions.builder().build());

    private static HttpRequest get() {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/engine.io/?EIO=4&transport=polling&sid=x");
    }

    @Test
    void respondOnAClosedConnectionReleasesThePayload() {
        EmbeddedChannel ch = new EmbeddedChannel();
        HttpPollExchange x = new HttpPollExchange(engine, ch, get(), null);
        ch.close();
        ByteBuf payload = Unpooled.copiedBuffer("4hello", StandardCharsets.UTF_8);
        Future<Void> f = x.respond(payload, "text/plain; charset=UTF-8", false);
        assertThat(f.isDone() && !f.isSuccess()).isTrue();
        assertThat(payload.refCnt()).isZero();
    }

    @Test
    void connectionLostTaskRunsOnCloseUntilTheGetIsAnswered() {
        EmbeddedChannel lost = new EmbeddedChannel();
        AtomicInteger runs = new AtomicInteger();
        new HttpPollExchange(engine, lost, get(), null).onConnectionLost(runs::incrementAndGet);
        lost.close();
        assertThat(runs.get()).isEqualTo(1);

        EmbeddedChannel answered = new EmbeddedChannel();
        HttpPollExchange x = new HttpPollExchange(engine, answered, get(), null);
        x.onConnectionLost(runs::incrementAndGet);
        x.respond(Unpooled.copiedBuffer("6", StandardCharsets.UTF_8), "text/plain; charset=UTF-8", false);
        FullHttpResponse res = answered.readOutbound();
        try {
            assertThat(res.status().code()).isEqualTo(200);
            assertThat(res.content().toString(StandardCharsets.UTF_8)).isEqualTo("6");
        } finally {
            res.release();
        }
        answered.close();
        assertThat(runs.get()).as("answered: the task was dropped").isEqualTo(1);
    }

    @Test
    void refuseAnswersWithTheEngineErrorAndTellsTheListeners() {
        AtomicInteger errors = new AtomicInteger();
        engine.onConnectionError(e -> errors.incrementAndGet());
        EmbeddedChannel ch = new EmbeddedChannel();
        new HttpPollExchange(engine, ch, get(), null).refuse(EngineError.BAD_REQUEST, "POLL_OVERLAP");
        FullHttpResponse res = ch.readOutbound();
        try {
            assertThat(res.status().code()).isEqualTo(400);
            assertThat(res.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        } finally {
            res.release();
        }
        assertThat(errors.get()).isEqualTo(1);
        ch.finishAndReleaseAll();
    }
}
