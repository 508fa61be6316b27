package io.enlace.internal.engine;

import io.enlace.engine.CloseReason;

/**
 * The layer above a session (the Socket.IO client of this connection): told of messages, errors and the close before
 * the listeners registered with {@code onMessage}/{@code onError}/{@code onClose}. One per session; called on the
 * session's loop.
 */
public interface SessionOwner {
    /** A message: {@code String} or {@code byte[]}. */
    void onEngineMessage(Object message);

    /** A transport error; {@link #onEngineClose} follows. */
    void onEngineError(Throwable error);

    /** The session closed. */
    void onEngineClose(CloseReason reason, String description);
}
