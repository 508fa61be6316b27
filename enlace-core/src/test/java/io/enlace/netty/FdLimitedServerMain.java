package io.enlace.netty;

import io.enlace.engine.EngineOptions;
import io.enlace.testing.EngineTestKit;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A server for {@link OutOfFileDescriptorsTest}, run in its own process under a low {@code ulimit -n}: no connection
 * cap, so accepting fails for want of file descriptors. Prints {@code PORT <n>}; exits when its stdin closes.
 */
public final class FdLimitedServerMain {
    private FdLimitedServerMain() {}

    public static void main(String[] args) throws Exception {
        NettyServer server = NettyServer.builder().host("127.0.0.1").port(0).ioThreads(1).maxConnections(1_000_000)
                .engine(EngineTestKit.echo(EngineOptions.builder().build()))
                .route("/small", req -> new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(new byte[] {'o', 'k'})))
                .build().start().join();
        // load every class a request needs now: later, with no descriptor left, the JVM could not open its jars
        for (int i = 0; i < 3; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write("GET /small HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                s.getInputStream().read(new byte[256]);
            }
        }
        String[] fds = new java.io.File("/proc/self/fd").list();
        System.out.println("PORT " + server.port() + " " + (fds == null ? 0 : fds.length));
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our stdin
        }
        server.stop().join();
    }
}
