package io.enlace.spring.boot.autoconfigure;

import io.enlace.netty.NettyServer;

/**
 * Changes the {@link NettyServer} Enlace listens with, after the {@code enlace.*} properties (host, port, TLS...) were
 * applied and the Socket.IO engine was mounted: extra routes on the same port, a fallback handler...
 *
 * <pre>{@code
 * @Bean
 * EnlaceNettyServerCustomizer healthRoute() {
 *     return http -> http.route("/ping", request -> pong());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface EnlaceNettyServerCustomizer {

    /** Changes the server about to be built. */
    void customize(NettyServer.Builder http);
}
