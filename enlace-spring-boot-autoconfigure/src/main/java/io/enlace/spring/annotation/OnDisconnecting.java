package io.enlace.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called when a socket of the controller's namespace is about to leave, while it is still in its rooms, like
 * {@code socket.on("disconnecting", reason => ...)}. Same parameters as {@link OnDisconnect}. Returns {@code void}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnecting {
}
