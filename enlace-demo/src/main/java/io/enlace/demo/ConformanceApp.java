package io.enlace.demo;

import io.enlace.engine.CorsOptions;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.netty.NettyServer;

import java.util.concurrent.CountDownLatch;

/**
 * The server the official protocol test suites run against.
 *
 * <ul>
 *   <li>{@code /engine.io/}: plain Engine.IO that echoes every message (text as text, binary as binary), with
 *       pingInterval 300, pingTimeout 200, maxHttpBufferSize 1e6, CORS origin {@code *} and upgrades allowed — the
 *       settings the engine.io-protocol test suite expects.</li>
 *   <li>{@code /socket.io/}: added by the Socket.IO layer (see {@link #configureSocketIo}).</li>
 * </ul>
 *
 * <p>Run: {@code java -jar enlace-demo/target/enlace-demo.jar conformance [--port 3000]}.
 */
public final class ConformanceApp {
    private ConformanceApp() {}

    /** The Engine.IO echo engine used by the engine.io-protocol suite. */
    public static EngineServer engineEcho() {
        EngineServer engine = EngineServer.create(EngineOptions.builder()
                .path("/engine.io/")
                .pingInterval(300)
                .pingTimeout(200)
                .maxHttpBufferSize(1_000_000)
                .allowUpgrades(true)
                .cors(CorsOptions.builder().origin("*").build())
                .build());
        engine.onConnection(socket -> socket.onMessage(msg -> {
            if (msg instanceof String s) socket.send(s);
            else socket.send((byte[]) msg);
        }));
        return engine;
    }

    /**
     * Hook for the Socket.IO conformance part ({@code /socket.io/}, socket.io-protocol suite): mounts its engine and
     * handlers on the builder. Empty until the Socket.IO layer exists.
     */
    static void configureSocketIo(NettyServer.Builder builder) {
        SocketIoConformance.mount(builder);
    }

    /** Builds the conformance server on this port (not started). */
    public static NettyServer build(int port) {
        NettyServer.Builder b = NettyServer.builder().port(port).engine(engineEcho());
        configureSocketIo(b);
        return b.build();
    }

    /** Runs until the JVM is stopped. Arguments: {@code [--port N]}. */
    public static void main(String[] args) throws InterruptedException {
        int port = 3000;
        for (int i = 0; i < args.length; i++) {
            if ("--port".equals(args[i]) && i + 1 < args.length) port = Integer.parseInt(args[++i]);
        }
        NettyServer server = build(port);
        server.start().join();
        System.out.println("Enlace conformance app listening on port " + server.port());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop().join();
            done.countDown();
        }, "enlace-shutdown"));
        done.await();
    }
}
