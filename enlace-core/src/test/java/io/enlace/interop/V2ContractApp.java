package io.enlace.interop;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;

/**
 * The Enlace twin of {@code interop/v2/node-server.js}, the app contract the v2 scripts check (interop/v2/README.md):
 * for now its engine half, {@code /engine.io/}: a plain Engine.IO echo (text as text, binary as binary) with
 * pingInterval 300, pingTimeout 200, maxHttpBufferSize 1e6, {@code allowEIO3} as asked. The Socket.IO half
 * ({@code /socket.io/}) comes with the v2 client rules. On 127.0.0.1, a free port.
 */
final class V2ContractApp implements AutoCloseable {
    private final NettyServer server;

    V2ContractApp(boolean allowEIO3) {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().pingInterval(300).pingTimeout(200)
                .maxHttpBufferSize(1_000_000).allowEIO3(allowEIO3).build());
        server = EngineTestKit.start(engine);
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() { return "http://127.0.0.1:" + server.port(); }

    @Override
    public void close() { server.stop().join(); }

    /** Runs the app until stdin closes (for running the scripts by hand): prints {@code listening <port>}. */
    public static void main(String[] args) throws Exception {
        try (V2ContractApp app = new V2ContractApp(args.length == 0 || !args[0].equals("--no-eio3"))) {
            System.out.println("listening " + app.server.port());
            while (System.in.read() >= 0) { /* until stdin closes */ }
        }
    }
}
