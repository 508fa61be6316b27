package io.enlace.testing;

import io.enlace.engine.EngineServer;
import io.enlace.netty.NettyServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;

/**
 * An application's own Netty server serving an engine through {@link NettyServer#channelHandler} (pass-through mode):
 * {@code HttpServerCodec}, then the engine's handler, nothing else. Tests use it for what differs from Enlace's own
 * pipelines (an upgrade's WebSocket is not moved to its session's loop there).
 */
public final class AppPipeline {
    private AppPipeline() { }

    /** Binds on 127.0.0.1, a free port, with {@code group}'s loops (the caller shuts the group down); the port. */
    public static int start(EventLoopGroup group, EngineServer engine) throws InterruptedException {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpServerCodec(), NettyServer.channelHandler(engine));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }
}
