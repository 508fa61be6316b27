package io.enlace.internal.engine;

import io.enlace.engine.EngineError;
import io.netty.util.concurrent.Future;

/**
 * A port of the engine: one HTTP request of a session awaiting its answer (a POST, or the GET of {@link PollExchange}).
 * Implemented in {@code internal.netty}; called on the session's event loop, implementations hop to the channel's loop
 * where they must. Each request is answered once.
 */
public interface HttpReply {

    /** Answers a POST whose payload was taken: {@code 200 ok}. */
    void ok();

    /**
     * Refuses the request with an engine error (JSON body, the error's HTTP status); the engine's connection-error
     * listeners are told. {@code contextName} is the error context's {@code name}, or null.
     */
    void refuse(EngineError error, String contextName);

    /**
     * {@link #refuse} once {@code write} (a write on another connection, e.g. "3probe") is done, so that the client
     * sees the two answers in the order it caused them; at once when {@code write} is null or done.
     */
    default void refuseAfter(Future<?> write, EngineError error, String contextName) {
        if (write != null && !write.isDone()) write.addListener(f -> refuse(error, contextName));
        else refuse(error, contextName);
    }
}
