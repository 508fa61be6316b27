package io.enlace.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WebSocketConnection} as the engine's {@code FrameChannel}: the frame it builds for each (text, compress)
 * choice, ownership of the written data on every path, the flush, the close frame.
 */
class WebSocketConnectionTest {

    private static ByteBuf utf8(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void writeToAClosedChannelReleasesTheData() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WebSocketConnection c = new WebSocketConnection(ch);
        ch.close();
        assertThat(c.isActive()).isFalse();
        ByteBuf text = utf8("4hello");
        ByteBuf binary = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        Future<Void> f1 = c.write(text, true, true);
        Future<Void> f2 = c.write(binary, false, false);
        c.flushSoon();
        assertThat(f1.isDone() && !f1.isSuccess()).isTrue();
        assertThat(f2.isDone() && !f2.isSuccess()).isTrue();
        assertThat(text.refCnt()).isZero();
        assertThat(binary.refCnt()).isZero();
    }

    @Test
    void framesFollowTheTextAndCompressChoice() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WebSocketConnection c = new WebSocketConnection(ch);
        c.write(utf8("4a"), true, true);
        c.write(utf8("4b"), true, false);
        c.write(Unpooled.wrappedBuffer(new byte[] {1}), false, true);
        c.write(Unpooled.wrappedBuffer(new byte[] {2}), false, false);
        assertThat((Object) ch.readOutbound()).as("nothing leaves before the flush").isNull();
        c.flushSoon(); // off an event loop: at once
        Object a = ch.readOutbound();
        Object b = ch.readOutbound();
        Object d = ch.readOutbound();
        Object e = ch.readOutbound();
        try {
            assertThat(a).isExactlyInstanceOf(TextWebSocketFrame.class);
            assertThat(((TextWebSocketFrame) a).text()).isEqualTo("4a");
            assertThat(b).isExactlyInstanceOf(WsDeflate.UncompressedText.class);
            assertThat(((TextWebSocketFrame) b).text()).isEqualTo("4b");
            assertThat(d).isExactlyInstanceOf(BinaryWebSocketFrame.class);
            assertThat(e).isExactlyInstanceOf(WsDeflate.UncompressedBinary.class);
        } finally {
            ReferenceCountUtil.release(a);
            ReferenceCountUtil.release(b);
            ReferenceCountUtil.release(d);
            ReferenceCountUtil.release(e);
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void closeSendsANormalCloseFrameOnceThenCloses() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WebSocketConnection c = new WebSocketConnection(ch);
        c.close();
        c.close();
        CloseWebSocketFrame close = ch.readOutbound();
        try {
            assertThat(close.statusCode()).isEqualTo(1000);
        } finally {
            close.release();
        }
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.config().isAutoRead()).as("nothing more is read once closing").isFalse();
    }

    @Test
    void closeOfAnInactiveChannelSendsNothing() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WebSocketConnection c = new WebSocketConnection(ch);
        ch.close();
        c.close();
        assertThat((Object) ch.readOutbound()).isNull();
    }
}
