package io.enlace.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles the errors of the controller's event handlers, like {@code @ExceptionHandler} in Spring MVC: an exception
 * thrown by an {@link OnEvent} method (or the failure of the {@code CompletionStage} it returned), an
 * {@link io.enlace.spring.InvalidPayloadException} for a payload that could not be bound or validated, and the errors
 * the socket reports itself ({@code socket.onError}: per-event middleware failures, decode errors).
 *
 * <p>One parameter is the exception (its type, or {@link #value()}, says which errors the method takes; the most
 * specific method wins); the others may be {@code Socket}, {@code Ack} (the failed event's ack:
 * {@code ack.requested()} tells whether the client waits), {@code Args}, {@code Handshake}, {@code Namespace},
 * {@code SocketIoServer}, {@link SocketData}, and a {@code String} (the event name, null for errors outside an event).
 * A returned value answers the ack when the client asked for one and it was not answered yet.
 *
 * <p>Errors no {@code @OnError} method takes are logged with the controller method and the event; an
 * {@link io.enlace.spring.InvalidPayloadException} whose client asked for an ack is answered
 * {@code {"error": "<reason>"}} when no handler answered it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnError {

    /** The exception types handled; default the type of the method's exception parameter. */
    Class<? extends Throwable>[] value() default {};
}
