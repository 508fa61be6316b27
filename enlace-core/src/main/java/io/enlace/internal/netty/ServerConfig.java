package io.enlace.internal.netty;

import io.enlace.engine.EngineServer;
import io.enlace.netty.HttpHandler;

import java.io.File;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link ServerRuntime} runs: the configuration of a {@code NettyServer}, copied when it is built.
 *
 * @param certChainPem null for plain HTTP
 * @param ioThreads    0 for Netty's default (2 x cores)
 */
public record ServerConfig(String host, int port, List<EngineServer> engines, List<Route> routes,
                           List<HttpHandler> fallbacks, File certChainPem, File privateKeyPem, int ioThreads,
                           Duration idleTimeout, Duration requestTimeout, int maxConnections) {
    public ServerConfig {
        engines = List.copyOf(engines);
        routes = List.copyOf(routes);
        fallbacks = List.copyOf(fallbacks);
    }
}
