package io.enlace.internal.netty;

import io.netty.buffer.ByteBuf;

/**
 * Receives the body of an HTTP request that the engine accepted at the header stage. All methods are called on the
 * request channel's event loop, exactly one of {@link #onBody}, {@link #onOversize} or {@link #onAborted}.
 */
interface BodySink {

    /** Maximum body size in bytes, or -1 to discard any body (then {@link #onBody} gets an empty buffer). */
    long maxBody();

    /** The complete body; borrowed for the call only (the caller releases it). */
    void onBody(ByteBuf body);

    /** The body went over {@link #maxBody()}; the sink answers the request. */
    void onOversize();

    /** The connection closed (or failed) before the body was complete. */
    void onAborted();
}
