package io.enlace.netty;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * A plain HTTP route served beside the engine (static pages, the client bundle). Runs on the event loop: it must not
 * block.
 *
 * <p>Ownership: the request is borrowed for the call only. The returned response is owned by the server, which
 * writes and releases it.
 */
@FunctionalInterface
public interface HttpHandler {

    /** Returns the response, or {@code null} when this handler does not serve the request (the next one is tried). */
    FullHttpResponse handle(FullHttpRequest request);
}
