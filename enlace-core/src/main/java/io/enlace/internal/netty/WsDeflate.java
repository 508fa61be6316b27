package io.enlace.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

/**
 * permessage-deflate for the engine's WebSocket connections ({@code perMessageDeflate}), honouring the per-message
 * {@code compress} flag: frames written as {@link UncompressedText}/{@link UncompressedBinary} are sent as they are.
 */
final class WsDeflate {
    private WsDeflate() {}

    /** A text frame that permessage-deflate must leave uncompressed ({@code compress=false}). */
    public static final class UncompressedText extends TextWebSocketFrame {
        public UncompressedText(ByteBuf data) { super(data); }
    }

    /** A binary frame that permessage-deflate must leave uncompressed ({@code compress=false}). */
    public static final class UncompressedBinary extends BinaryWebSocketFrame {
        public UncompressedBinary(ByteBuf data) { super(data); }
    }

    private static final WebSocketExtensionFilter SKIP_UNCOMPRESSED =
            frame -> frame instanceof UncompressedText || frame instanceof UncompressedBinary;

    private static final WebSocketExtensionFilterProvider FILTERS = new WebSocketExtensionFilterProvider() {
        @Override
        public WebSocketExtensionFilter encoderFilter() { return SKIP_UNCOMPRESSED; }

        @Override
        public WebSocketExtensionFilter decoderFilter() { return WebSocketExtensionFilter.NEVER_SKIP; }
    };

    /** The extension handler to put before the HTTP dispatch (same settings as Netty's compression handler). */
    public static ChannelHandler newHandler() {
        return new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(6,
                ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(), PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                false, false, FILTERS, 0));
    }
}
