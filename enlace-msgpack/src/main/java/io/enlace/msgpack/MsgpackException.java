package io.enlace.msgpack;

/** Bytes that are not valid msgpack, or a Jackson tree that cannot be written as msgpack. */
public class MsgpackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     */
    public MsgpackException(String message) { super(message); }

    /**
     * @param message what is wrong
     * @param cause   the underlying error
     */
    public MsgpackException(String message, Throwable cause) { super(message, cause); }
}
