package io.enlace.internal.engine.codec;

/** Input that is not Engine.IO: its message says why (e.g. "invalid UTF-8", "unknown packet type"). No stack trace. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) { super(message, null, false, false); }
}
