package io.enlace.internal.socket;

import io.enlace.ServerOptions;
import io.enlace.internal.engine.EngineHarness;
import io.enlace.internal.engine.EngineProtocol;

/**
 * A Socket.IO server ({@link RealServer}) on an {@link EngineHarness}: real sessions on a loop of their own, through
 * the path production takes ({@code EngineCore.onSession}), without sockets. Closes both.
 */
final class ServerHarness implements AutoCloseable {
    final EngineHarness engine;
    final RealServer io;

    ServerHarness(ServerOptions options) {
        engine = new EngineHarness(options.engine());
        io = new RealServer(options, engine.core(), engine.engine());
    }

    /**
     * A new Engine.IO 3 connection (a Socket.IO v2 client), once the server has connected it to {@code /} (the
     * implicit CONNECT reply {@code 0} read).
     */
    EngineHarness.Conn connectV3() {
        EngineHarness.Conn c = engine.connect(EngineProtocol.V3);
        String reply = c.nextText();
        if (!reply.equals("0")) throw new AssertionError("no implicit connection to /: " + reply);
        return c;
    }

    @Override
    public void close() {
        io.close().join();
        engine.shutdown();
    }
}
