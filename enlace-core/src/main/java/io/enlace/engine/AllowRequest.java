package io.enlace.engine;

import io.netty.handler.codec.http.HttpRequest;

import java.util.concurrent.CompletionStage;

/**
 * Decides, asynchronously, whether a handshake or an upgrade request without a session id may go on.
 * A refusal answers 403 with {@code {"code":4,"message":<message or "Forbidden">}}.
 */
@FunctionalInterface
public interface AllowRequest {

    /** The verdict: allowed, or refused with an optional message. */
    record Decision(boolean allowed, String message) {
        public static Decision allow() { return new Decision(true, null); }
        public static Decision deny(String message) { return new Decision(false, message); }
    }

    /** Must not block: return a stage completed later if the check needs I/O. */
    CompletionStage<Decision> check(HttpRequest request);
}
