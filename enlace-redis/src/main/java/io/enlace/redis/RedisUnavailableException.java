package io.enlace.redis;

/**
 * A cluster operation could not reach Redis (not connected yet, connection lost, or no answer in time). Local
 * delivery is not affected; the operation did not reach the other servers.
 */
public class RedisUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   the Redis client's error, or null
     */
    public RedisUnavailableException(String message, Throwable cause) { super(message, cause); }
}
