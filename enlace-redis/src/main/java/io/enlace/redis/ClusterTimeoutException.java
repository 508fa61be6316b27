package io.enlace.redis;

import java.util.concurrent.TimeoutException;

/** A cluster request got fewer answers than servers before its timeout (the message is Node's). */
public class ClusterTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    /** @param message Node's message, e.g. {@code timeout reached: only 1 responses received out of 2} */
    public ClusterTimeoutException(String message) { super(message); }
}
