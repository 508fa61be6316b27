package io.enlace.netty;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.EngineTestKit.Ws;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.File;
import java.io.FileInputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lifecycle, routing, TLS, idle connections and the engine handler in a user's own pipeline. */
class NettyServerTest {

    @Test
    void startStopStartAgainOnTheSamePort() throws Exception {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().build());
        NettyServer server = NettyServer.builder().host("127.0.0.1").port(0).engine(engine).build();
        server.start().join();
        int port = server.port();
        Http http = new Http(port);
        String sid = http.handshake("/engine.io/");
        assertThat(engine.clientsCount()).isEqualTo(1);
        server.stop().join();
        assertThat(server.port()).isEqualTo(-1);
        assertThat(engine.clientsCount()).isZero();
        // the same port again (SO_REUSEADDR), same engine and server objects
        NettyServer again = NettyServer.builder().host("127.0.0.1").port(port).engine(engine).build();
        again.start().join();
        try {
            assertThat(again.port()).isEqualTo(port);
            assertThat(new Http(port).get("/engine.io/?EIO=4&transport=polling&sid=" + sid).status()).isEqualTo(400);
            assertThat(new Http(port).handshake("/engine.io/")).isNotEqualTo(sid);
        } finally {
            again.stop().join();
        }
        server.start().join();
        server.stop().join();
    }

    @Test
    void stopClosesEverySessionWithForcedClose() throws Exception {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().build());
        List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
        engine.onConnection(s -> s.onClose((r, d) -> reasons.add(r.reason())));
        NettyServer server = EngineTestKit.start(engine);
        new Http(server.port()).handshake("/engine.io/");
        Ws ws = Ws.connect("ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket");
        ws.next(3000);
        server.stop().get(10, TimeUnit.SECONDS);
        assertThat(reasons).containsExactly("forced close", "forced close");
        assertThat(ws.awaitClose(3000).code()).isEqualTo(1000);
    }

    @Test
    void routesFallbacksAnd404() {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder()
                .cors(io.enlace.engine.CorsOptions.builder().origin("*").build()).build());
        NettyServer server = NettyServer.builder().host("127.0.0.1").port(0).engine(engine)
                .route("/engine.io/client.js", req -> text("client bundle"))
                .route("/hello", req -> req.uri().contains("skip") ? null : text("hi " + req.content().toString(StandardCharsets.UTF_8)))
                .fallback(req -> req.uri().startsWith("/fb") ? text("fallback") : null)
                .build().start().join();
        try {
            Http http = new Http(server.port());
            Resp client = http.get("/engine.io/client.js", "Origin", "https://x");
            assertThat(client.text()).isEqualTo("client bundle");
            assertThat(client.header("access-control-allow-origin")).isEqualTo("*");
            assertThat(http.post("/hello", "body").text()).isEqualTo("hi body");
            assertThat(http.get("/hello?skip").status()).isEqualTo(404);
            assertThat(http.get("/fb/x").text()).isEqualTo("fallback");
            assertThat(http.get("/nothing").status()).isEqualTo(404);
            assertThat(http.get("/engine.io/?EIO=4&transport=polling").status()).isEqualTo(200);
        } finally {
            server.stop().join();
        }
    }

    private static DefaultFullHttpResponse text(String s) {
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        return r;
    }

    @Test
    void idleAndHalfSentRequestsAreClosedButLongPollsAreNot() throws Exception {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().pingInterval(2000).pingTimeout(2000).build());
        NettyServer server = NettyServer.builder().host("127.0.0.1").port(0).engine(engine)
                .idleTimeout(Duration.ofMillis(300)).build().start().join();
        try {
            // half-sent request: closed after the idle timeout (not before it, counted from before the connect)
            long t0 = System.nanoTime();
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /engine.io/?EIO=4&transport=pol".getBytes(StandardCharsets.US_ASCII));
                assertThat(s.getInputStream().read()).isEqualTo(-1);
                assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300L);
            }
            // half-sent body
            Http http = new Http(server.port());
            String sid = http.handshake("/engine.io/");
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("POST /engine.io/?EIO=4&transport=polling&sid=" + sid
                        + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n4abc").getBytes(StandardCharsets.US_ASCII));
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            // a long poll (here: until the 2 s ping) outlives the idle timeout
            String sid2 = http.handshake("/engine.io/");
            Resp r = http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid2);
            assertThat(r.text()).isEqualTo("2");
        } finally {
            server.stop().join();
        }
    }

    @Test
    void tlsServesHttpsAndWss(@TempDir Path dir) throws Exception {
        File cert = dir.resolve("cert.pem").toFile();
        File key = dir.resolve("key.pem").toFile();
        Process p;
        try {
            p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", key.getPath(), "-out", cert.getPath()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Requirements.require(false, "openssl is not available: " + e);
            return;
        }
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().build());
        List<Boolean> secure = new java.util.concurrent.CopyOnWriteArrayList<>();
        engine.onConnection(s -> secure.add(s.secure()));
        NettyServer server = NettyServer.builder().host("127.0.0.1").port(0).engine(engine).tls(cert, key).build()
                .start().join();
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (FileInputStream in = new FileInputStream(cert)) {
                ks.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            Http https = new Http("https", server.port(), HttpClient.newBuilder().sslContext(ctx));
            String sid = https.handshake("/engine.io/");
            assertThat(https.post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4tls").status()).isEqualTo(200);
            assertThat(https.get("/engine.io/?EIO=4&transport=polling&sid=" + sid).text()).isEqualTo("4tls");
            HttpClient wsClient = HttpClient.newBuilder().sslContext(ctx).build();
            EngineTestKit.Ws ws = new WssConnector(wsClient).connect("wss://127.0.0.1:" + server.port()
                    + "/engine.io/?EIO=4&transport=websocket");
            assertThat((String) ws.next(3000)).startsWith("0{");
            ws.send("4secure");
            assertThat(ws.next(3000)).isEqualTo("4secure");
            ws.abort();
            assertThat(secure).containsExactly(true, true);
            // plain HTTP on the TLS port: not a TLS record, the connection is closed without an answer
            try (Socket plain = new Socket("127.0.0.1", server.port())) {
                plain.setSoTimeout(10_000);
                plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                int first;
                try {
                    first = plain.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    first = -1; // a reset is a close too
                }
                assertThat(first).isEqualTo(-1);
            }
        } finally {
            server.stop().join();
        }
    }

    /** Connects the kit's WebSocket listener through a given client (for the TLS context). */
    private record WssConnector(HttpClient client) {
        EngineTestKit.Ws connect(String uri) {
            return EngineTestKit.Ws.connectWith(client, uri);
        }
    }

    @Test
    void engineHandlerInAUserPipeline() throws Exception {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().build());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpServerCodec(), NettyServer.channelHandler(engine),
                                    new HttpObjectAggregator(65536),
                                    new io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler("/own-ws"),
                                    new SimpleChannelInboundHandler<io.netty.handler.codec.http.websocketx.TextWebSocketFrame>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx,
                                                                    io.netty.handler.codec.http.websocketx.TextWebSocketFrame f) {
                                            ctx.writeAndFlush(new io.netty.handler.codec.http.websocketx.TextWebSocketFrame(
                                                    "own:" + f.text()));
                                        }
                                    },
                                    new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                            DefaultFullHttpResponse r = text("app:" + req.uri());
                                            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
                                            ctx.writeAndFlush(r);
                                        }
                                    });
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int port = ((InetSocketAddress) ch.localAddress()).getPort();
            Http http = new Http(port);
            assertThat(http.get("/app/x").text()).isEqualTo("app:/app/x");
            String sid = http.handshake("/engine.io/");
            assertThat(http.post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4mine").text()).isEqualTo("ok");
            assertThat(http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid).text()).isEqualTo("4mine");
            assertThat(http.post("/app/y", "z").text()).isEqualTo("app:/app/y");
            Ws ws = Ws.connect("ws://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=websocket");
            ws.next(3000);
            ws.send("4ws");
            assertThat(ws.nextNonPing(3000, true)).isEqualTo("4ws");
            ws.abort();
            // the application's own WebSocket endpoint behind the engine handler still gets its frames
            Ws own = Ws.connect("ws://127.0.0.1:" + port + "/own-ws");
            own.send("x");
            assertThat(own.next(3000)).isEqualTo("own:x");
            own.abort();
            engine.close().get(5, TimeUnit.SECONDS);
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void busyPortFailsTheStartFuture() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            NettyServer server = NettyServer.builder().host("127.0.0.1").port(taken.getLocalPort())
                    .engine(EngineServer.create(EngineOptions.builder().build())).build();
            assertThat(server.start()).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("Address already in use");
            assertThat(server.port()).isEqualTo(-1);
        }
    }

    @Test
    void foreignEngineServerIsRefusedWithAMessage() {
        EngineServer real = EngineServer.create(EngineOptions.builder().build());
        // an EngineServer implemented outside Enlace (here a proxy delegating to a real one)
        EngineServer foreign = (EngineServer) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EngineServer.class}, (proxy, method, args) -> method.invoke(real, args));
        NettyServer.Builder builder = NettyServer.builder().host("127.0.0.1").port(0);
        // refused when configured, not at start()
        assertThatThrownBy(() -> builder.engine(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NettyServer mounts engines made by EngineServer.create(...)")
                .hasMessageContaining("your own pipeline");
        // the builder is unchanged: with the real engine it starts and serves
        NettyServer ok = builder.engine(real).build();
        ok.start().join();
        try {
            assertThat(ok.port()).isPositive();
        } finally {
            ok.stop().join();
        }
    }
}
