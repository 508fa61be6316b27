package io.enlace.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles one event of the controller's namespace, like {@code socket.on("join", (room, callback) => ...)} in Node.
 *
 * <p>Parameters are bound by type (see {@link SocketIoController}'s package documentation): {@code Socket},
 * {@code Ack}, {@code Args}, {@code Handshake}, {@code Namespace}, {@code SocketIoServer}, the parameters annotated
 * {@link Auth}, {@link Query}, {@link Header} or {@link SocketData}, and the payloads: every other parameter is bound to
 * the next event argument (the first to argument 0, the second to argument 1, ...) with the application's Jackson
 * {@code ObjectMapper}. A payload annotated {@code @Valid} or with Bean Validation constraints is validated.
 *
 * <p>The return value answers the client's acknowledgement (when it asked for one): a value is sent as the ack's one
 * argument, a {@code CompletionStage} is sent when it completes. A method either returns a value or takes an
 * {@code Ack} parameter, not both.
 *
 * <p>A payload that cannot be bound or fails validation never reaches the method: the client's ack gets
 * {@code {"error": "<reason>"}}, and without an ack the controller's {@link OnError} methods get an
 * {@link io.enlace.spring.InvalidPayloadException} (logged when it has none).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnEvent {

    /** The event name, e.g. {@code "join"}. */
    String value();
}
