package io.enlace;

/**
 * Answers an event the client sent with an acknowledgement callback. Each ack answers once: later calls are ignored.
 * When the client did not ask for an ack, {@link #requested()} is false and {@link #send} does nothing.
 *
 * <pre>{@code
 * socket.on("get-time", (args, ack) -> ack.send(System.currentTimeMillis()));
 * }</pre>
 */
public interface Ack {

    /** Sends the acknowledgement with these arguments (any Jackson-serializable values, byte[] allowed anywhere). */
    void send(Object... args);

    /** True when the client asked for an acknowledgement. */
    boolean requested();

    /** True once {@link #send} has been called. */
    boolean sent();
}
