package io.enlace.parser;

/** Invalid Socket.IO input. The connection that sent it is closed with reason {@code parse error}. */
public class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public ParseException(String message) { super(message); }

    public ParseException(String message, Throwable cause) { super(message, cause); }
}
