package io.enlace.engine;

import io.netty.handler.codec.http.HttpHeaders;

import java.util.Map;

/**
 * A refused Engine.IO request, raised as the {@code connection_error} event.
 *
 * @param method  HTTP method of the request
 * @param uri     request URI
 * @param headers request headers (read-only copy)
 * @param code    the {@link EngineError} code, 0 to 5
 * @param message the message sent to the client
 * @param context extra facts (e.g. {@code name=TRANSPORT_MISMATCH}), may be empty
 */
public record ConnectionError(String method, String uri, HttpHeaders headers, int code, String message,
                              Map<String, Object> context) {
}
