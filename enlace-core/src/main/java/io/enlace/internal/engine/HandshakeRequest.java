package io.enlace.internal.engine;

import io.netty.handler.codec.http.HttpHeaders;

import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What a session keeps of the request that opened it: the peer's address, the headers, the parsed query, the URL and
 * whether the connection is TLS, the protocol revision. Built by the HTTP side; the engine makes its own read-only, shared copies.
 */
public record HandshakeRequest(SocketAddress remoteAddress, HttpHeaders headers, Map<String, List<String>> query,
                               String url, boolean secure, EngineProtocol protocol) {
}
