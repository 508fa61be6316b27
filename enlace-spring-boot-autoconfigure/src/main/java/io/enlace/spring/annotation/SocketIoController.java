package io.enlace.spring.annotation;

import org.springframework.stereotype.Component;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring bean as the handlers of one Socket.IO namespace: its {@link ConnectMiddleware}, {@link OnConnect},
 * {@link OnEvent}, {@link OnDisconnecting}, {@link OnDisconnect} and {@link OnError} methods are registered on the
 * namespace before the server starts listening. A component: component scanning picks it up.
 *
 * <pre>{@code
 * @SocketIoController("/chat")
 * class ChatController {
 *     @OnEvent("join")
 *     Map<String, Object> join(Socket socket, String room) {
 *         socket.join(room);
 *         return Map.of("room", room);          // answers the client's ack
 *     }
 * }
 * }</pre>
 *
 * <p>Several controllers may share a namespace; their methods are added in bean order ({@code @Order}). One controller
 * may serve several namespaces: {@code @SocketIoController({"/a", "/b"})}. A method that cannot be bound
 * (an unknown parameter type, two payloads where one is expected, ...) stops the application at start-up with a
 * message naming the method.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketIoController {

    /**
     * The namespace, e.g. {@code "/chat"} ({@code /} is added in front when missing), or several; default the main
     * namespace. (An array, so that Spring does not take it for the bean name as it does a {@code String value}.)
     */
    String[] value() default {"/"};
}
