package io.enlace.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called once a socket of the controller's namespace has left, like {@code socket.on("disconnect", reason => ...)}.
 * Parameters: {@code Socket}, {@code DisconnectReason}, a {@code String} (the description from the transport, or null),
 * {@code Handshake}, {@code Namespace}, {@code SocketIoServer}, {@link Auth}, {@link Query}, {@link Header},
 * {@link SocketData}. Returns {@code void}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnect {
}
