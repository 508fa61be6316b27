package io.enlace.spring;

import java.util.List;
import java.util.Objects;

/**
 * A payload (event argument, or the auth object) that could not be bound to a handler parameter, or that failed Bean
 * Validation. The handler method is not called. The client's ack, when it asked for one, gets
 * {@code {"error": getMessage()}} unless an {@link io.enlace.spring.annotation.OnError} method answered it; without an
 * ack the exception goes to the controller's {@code @OnError} methods (logged when there are none).
 */
public class InvalidPayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * One reason a payload was refused.
     *
     * @param path    where: the parameter name, then the property path inside it ({@code "msg.room"}); or
     *                {@code "argument 0"} when parameter names are not compiled in
     * @param message what is wrong, e.g. {@code "must not be blank"}
     */
    public record Violation(String path, String message) {
        public Violation {
            Objects.requireNonNull(path);
            Objects.requireNonNull(message);
        }
    }

    private final transient List<Violation> violations;

    /**
     * @param message    the message sent to the client
     * @param violations the Bean Validation violations (empty for a binding error)
     * @param cause      the binding error, or null
     */
    public InvalidPayloadException(String message, List<Violation> violations, Throwable cause) {
        super(message, cause);
        this.violations = List.copyOf(violations);
    }

    /** The Bean Validation violations, sorted by path; empty when the payload could not be bound at all. */
    public List<Violation> violations() {
        return violations;
    }
}
