package io.enlace.internal.engine.codec;

/**
 * The rules of Engine.IO v3 input as Socket.IO v2 clients write it ({@link V3Payloads}, {@link JsonpPayloads},
 * {@link V3Frames}): input that breaks one is refused with a {@link DecodeException} whose message is the rule's
 * {@link #message()}, and the session that received it closes with the reason {@code parse error}, as engine.io 6 does
 * for what its parser refuses. Where engine.io 6 is more lenient than a rule, the difference is listed on it.
 */
public enum V3Rule {
    /** An empty text payload (engine.io 6 refuses it too). */
    EMPTY_PAYLOAD("empty payload"),
    /** Bytes that are not UTF-8 (engine.io 6 decodes them with U+FFFD replacement characters). */
    INVALID_UTF8("invalid UTF-8"),
    /**
     * A text payload whose length prefix is not ASCII digits followed by {@code :} (engine.io 6 also takes
     * anything JavaScript's {@code Number()} reads, such as {@code " 6"}, {@code "+6"}, {@code "0x6"}, {@code "6e0"}).
     */
    BAD_LENGTH("bad length prefix"),
    /** A length beyond the end of the payload (engine.io 6 refuses it in text payloads, truncates in binary ones). */
    LENGTH_BEYOND_END("length beyond the end of the payload"),
    /** Characters after the last packet that are not a packet (engine.io 6 refuses them too). */
    TRAILING_DATA("trailing data after the last packet"),
    /** A packet type that is not {@code 0..6} (engine.io 6 ignores a {@code b} packet or a binary packet with such a type). */
    UNKNOWN_PACKET_TYPE("unknown packet type"),
    /** A packet with nothing in it, not even a type (a WebSocket frame or a binary-payload entry of length 0). */
    EMPTY_PACKET("empty packet"),
    /** Base64 data with characters outside the standard alphabet (engine.io 6 skips them and takes the URL-safe alphabet too). */
    INVALID_BASE64("invalid base64"),
    /** A binary-payload entry whose first byte is neither 0 (string) nor 1 (binary) (engine.io 6 reads anything but 0 as binary). */
    BAD_MARKER("bad binary payload marker"),
    /** A binary-payload length byte that is neither a digit 0..9 nor the 255 terminator, or no digit at all. */
    BAD_LENGTH_DIGIT("bad binary payload length"),
    /** A JSONP POST body without a {@code d} field (engine.io 6 ignores the body). */
    MISSING_JSONP_DATA("no d field in the JSONP body"),
    /** A JSONP POST body with more than one {@code d} field (engine.io 6 ignores the body). */
    DUPLICATE_JSONP_DATA("more than one d field in the JSONP body"),
    /** A {@code %} not followed by two hex digits in a JSONP body (engine.io 6 keeps such a {@code %} as it is). */
    INVALID_PERCENT_ENCODING("invalid percent-encoding in the JSONP body");

    private final String message;

    V3Rule(String message) { this.message = message; }

    /** The message of the {@link DecodeException} of this rule. */
    public String message() { return message; }

    /** A new exception for input that broke this rule. */
    DecodeException exception() { return new DecodeException(message); }
}
