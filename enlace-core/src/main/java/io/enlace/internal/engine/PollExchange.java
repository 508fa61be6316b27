package io.enlace.internal.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.Future;

/**
 * A port of the engine: one long-poll GET, answered with a payload (or refused). Implemented in
 * {@code internal.netty}; called on the session's event loop.
 */
public interface PollExchange extends HttpReply {

    /** The allocator for the payload of the answer. */
    ByteBufAllocator alloc();

    /**
     * Answers with {@code payload}, which it takes ownership of: released on every path, a closed connection and
     * failures included. {@code compress}: the HTTP compression may apply (when the options and the client allow it).
     */
    Future<Void> respond(ByteBuf payload, String contentType, boolean compress);

    /**
     * Runs {@code task} (on the connection's loop) if the connection goes away while this GET is unanswered; the task
     * is dropped when the GET is answered ({@link #respond} or {@link #refuse}), so keep-alive connections do not
     * collect tasks. At most one task.
     */
    void onConnectionLost(Runnable task);

    /** The sid of the session this GET opened (the handshake GET: cookie and initial headers hooks), else null. */
    String initialSid();
}
