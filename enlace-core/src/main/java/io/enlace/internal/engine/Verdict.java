package io.enlace.internal.engine;

import io.enlace.engine.EngineError;

import java.util.Map;

/**
 * What to do with an engine request ({@link RequestCheck}).
 *
 * @param kind     the decision
 * @param session  the session the request is for ({@code UPGRADE}, {@code POLL}, {@code POST}), else null
 * @param upgrade  the request asks for a WebSocket: a refusal is a raw HTTP answer then close, a handshake opens a
 *                 WebSocket session
 * @param error    {@code REFUSE}: the error; {@code HANDSHAKE}: the error to answer once {@code allowRequest} let the
 *                 request through (the reference checks the protocol version last), or null
 * @param context  the error's context ({@code ConnectionError.context}), empty when there is none
 */
public record Verdict(Kind kind, Session session, boolean upgrade, EngineError error, Map<String, Object> context) {

    /** The decisions, in the reference's terms. */
    public enum Kind {
        /** A CORS preflight ({@code OPTIONS}, CORS on): answered by the CORS headers. */
        PREFLIGHT,
        /** Refused with {@link #error()}. */
        REFUSE,
        /** A new session: polling, or WebSocket when {@link #upgrade()}; {@code allowRequest} is asked first. */
        HANDSHAKE,
        /** A WebSocket for an existing polling session (probe). */
        UPGRADE,
        /** A long-poll GET. */
        POLL,
        /** A POST carrying a payload. */
        POST
    }

    static Verdict refuse(boolean upgrade, EngineError error, Map<String, Object> context) {
        return new Verdict(Kind.REFUSE, null, upgrade, error, context);
    }

    static Verdict of(Kind kind, Session session, boolean upgrade) {
        return new Verdict(kind, session, upgrade, null, Map.of());
    }
}
