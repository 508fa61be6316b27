package io.enlace;

/**
 * Refuses a namespace connection from a {@link Namespace.Middleware}; the client receives
 * {@code CONNECT_ERROR {"message": message, "data": data}} (its {@code connect_error} event).
 *
 * <pre>{@code
 * io.use((socket, next) -> {
 *     if (socket.handshake().auth().path("token").isMissingNode()) {
 *         next.fail(new ConnectError("not authorized", Map.of("code", 401)));
 *     } else {
 *         next.ok();
 *     }
 * });
 * }</pre>
 *
 * <p>Any other exception passed to {@code next.fail} gives {@code {"message": e.getMessage()}}.
 */
public class ConnectError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Object data;

    /** An error without data. */
    public ConnectError(String message) { this(message, null); }

    /** An error whose {@code data} (any Jackson-serializable value, or null) is sent to the client. */
    public ConnectError(String message, Object data) {
        super(message, null, false, false);
        this.data = data;
    }

    /** The data sent with the error, or null. */
    public Object data() { return data; }
}
