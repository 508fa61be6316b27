package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enlace.ServerOptions;
import io.enlace.internal.engine.EngineHarness;
import io.enlace.internal.engine.EngineProtocol;
import io.enlace.parser.JsonParser;
import org.junit.jupiter.api.AfterEach;

/**
 * The base of the Socket.IO layer's tests: a server ({@link RealServer}) on an {@link EngineHarness}, real sessions on
 * a loop of their own through the path production takes ({@code EngineCore.onSession}), without sockets. Closed after
 * each test.
 */
abstract class SocketLayerTest {
    final ObjectMapper mapper = JsonParser.defaultMapper();
    EngineHarness engine;
    RealServer io;

    /** Starts the server with {@code options} (and its engine harness). */
    RealServer start(ServerOptions.Builder options) {
        ServerOptions opts = options.build();
        engine = new EngineHarness(opts.engine());
        io = new RealServer(opts, engine.core(), engine.engine());
        return io;
    }

    RealServer start() { return start(ServerOptions.builder()); }

    @AfterEach
    void closeServer() {
        if (io != null) io.close().join();
        if (engine != null) engine.shutdown();
    }

    JsonNode json(String s) throws Exception { return mapper.readTree(s); }

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
}
