package io.enlace.internal.netty;

import io.enlace.engine.EngineOptions;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A long-poll response whose compression fails is sent uncompressed, and no buffer is lost on the way. */
class PollResponseCompressionTest {

    /** Buffers that cannot grow past their initial capacity: compressing incompressible data into one fails. */
    private static final class NoGrowthAllocator extends AbstractByteBufAllocator {
        NoGrowthAllocator() { super(false); }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return new UnpooledHeapByteBuf(this, initialCapacity, initialCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return new UnpooledDirectByteBuf(this, initialCapacity, initialCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() { return false; }
    }

    @Test
    void failedCompressionSendsTheBodyUncompressedAndReleasesEverything() {
        HttpResponses responses = new HttpResponses(EngineOptions.builder().build(), List.of(), List.of());
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(new NoGrowthAllocator());
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/engine.io/?EIO=4&transport=polling&sid=x");
        req.headers().set(HttpHeaderNames.ACCEPT_ENCODING, "gzip");
        byte[] random = new byte[4096];
        ThreadLocalRandom.current().nextBytes(random);
        ByteBuf body = UnpooledByteBufAllocator.DEFAULT.buffer(random.length).writeBytes(random);

        ChannelFuture f = responses.poll(ch, req, body, "text/plain; charset=UTF-8", true, null);

        assertThat(f.isSuccess()).isTrue();
        FullHttpResponse res = ch.readOutbound();
        try {
            assertThat(res.status().code()).isEqualTo(200);
            assertThat(res.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isNull();
            assertThat(ByteBufUtil.getBytes(res.content())).isEqualTo(random);
        } finally {
            res.release();
        }
        assertThat(body.refCnt()).isZero();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.finishAndReleaseAll();
    }
}
