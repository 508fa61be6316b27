package io.enlace.internal.engine;

import io.enlace.engine.CorsOptions;
import io.enlace.engine.EngineError;
import io.enlace.engine.EngineOptions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;

import java.util.Map;

/**
 * The checks of an engine request, in the reference server's order: transport, Origin characters, sid (unknown sid,
 * protocol and origin of an upgrade, transport mismatch, protocol, method), then for a handshake the method, a
 * WebSocket transport without upgrade, the WebSocket Origin guard; {@code allowRequest} and the protocol version come
 * last (the caller asks {@code allowRequest}, then applies {@link Verdict#error()} of a {@code HANDSHAKE}). Pure: reads
 * the options and the session registry only.
 */
final class RequestCheck {
    private final EngineOptions opts;
    private final SessionRegistry sessions;
    private final boolean pollingEnabled;
    private final boolean websocketEnabled;
    private final boolean allowEIO3;

    RequestCheck(EngineOptions opts, SessionRegistry sessions, boolean allowEIO3) {
        this.allowEIO3 = allowEIO3;
        this.opts = opts;
        this.sessions = sessions;
        this.pollingEnabled = opts.transports().contains("polling");
        this.websocketEnabled = opts.transports().contains("websocket");
    }

    Verdict check(RequestHead h) {
        boolean isUpgrade = h.isUpgrade();
        if (opts.cors() != null && h.method().equals(HttpMethod.OPTIONS) && !isUpgrade) {
            return Verdict.of(Verdict.Kind.PREFLIGHT, null, false);
        }
        String transport = h.param("transport");
        if (transport == null || !(("polling".equals(transport) && pollingEnabled)
                || ("websocket".equals(transport) && websocketEnabled))) {
            return Verdict.refuse(isUpgrade, EngineError.UNKNOWN_TRANSPORT, Map.of("transport", String.valueOf(transport)));
        }
        String origin = h.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && hasInvalidHeaderChar(origin)) {
            return Verdict.refuse(isUpgrade, EngineError.BAD_REQUEST, Map.of("name", "INVALID_ORIGIN"));
        }
        String sid = h.param("sid");
        String eio = h.param("EIO");
        if (sid != null && !sid.isEmpty()) { // an empty sid is no sid, as in Node
            Session s = sessions.get(sid);
            if (s == null) {
                return Verdict.refuse(isUpgrade, EngineError.UNKNOWN_SID, Map.of("sid", sid));
            }
            if (isUpgrade && "websocket".equals(transport) && EngineProtocol.revision(eio) != s.protocolRevision()) {
                return protocolMismatch(true, eio, s);
            }
            if (isUpgrade && "websocket".equals(transport)) {
                if (!originAllowedForWebSocket(h)) {
                    return Verdict.refuse(true, EngineError.FORBIDDEN, Map.of("name", "ORIGIN_NOT_ALLOWED"));
                }
                return Verdict.of(Verdict.Kind.UPGRADE, s, true);
            }
            if (!"polling".equals(transport) || s.upgraded()) {
                return Verdict.refuse(isUpgrade, EngineError.BAD_REQUEST, Map.of("name", "TRANSPORT_MISMATCH"));
            }
            if (EngineProtocol.revision(eio) != s.protocolRevision()) {
                return protocolMismatch(isUpgrade, eio, s);
            }
            if (h.method().equals(HttpMethod.GET)) return Verdict.of(Verdict.Kind.POLL, s, false);
            if (h.method().equals(HttpMethod.POST)) return Verdict.of(Verdict.Kind.POST, s, false);
            return Verdict.refuse(false, EngineError.BAD_REQUEST, Map.of("name", "BAD_METHOD"));
        }
        if (!h.method().equals(HttpMethod.GET)) {
            return Verdict.refuse(isUpgrade, EngineError.BAD_HANDSHAKE_METHOD, Map.of("method", h.method().name()));
        }
        if ("websocket".equals(transport) && !isUpgrade) {
            return Verdict.refuse(false, EngineError.BAD_REQUEST, Map.of("name", "TRANSPORT_HANDSHAKE_ERROR"));
        }
        if (isUpgrade && !originAllowedForWebSocket(h)) {
            return Verdict.refuse(true, EngineError.FORBIDDEN, Map.of("name", "ORIGIN_NOT_ALLOWED"));
        }
        if (EngineProtocol.revision(eio) == EngineProtocol.V3 && !allowEIO3) {
            return new Verdict(Verdict.Kind.HANDSHAKE, null, isUpgrade, EngineError.UNSUPPORTED_PROTOCOL_VERSION,
                    Map.of("protocol", 3));
        }
        return Verdict.of(Verdict.Kind.HANDSHAKE, null, isUpgrade);
    }

    /** A request whose {@code EIO} gives another revision than its session's (the reference's context). */
    private static Verdict protocolMismatch(boolean upgrade, String eio, Session s) {
        return Verdict.refuse(upgrade, EngineError.BAD_REQUEST, Map.of("name", "PROTOCOL_MISMATCH",
                "protocol", EngineProtocol.revision(eio).number(), "previousProtocol", s.protocol()));
    }

    /** Cross-site WebSocket hijacking guard: with CORS origins configured (not "*"), the Origin must be allowed. */
    private boolean originAllowedForWebSocket(RequestHead h) {
        CorsOptions cors = opts.cors();
        if (cors == null || cors.anyOrigin()) return true;
        String origin = h.headers().get(HttpHeaderNames.ORIGIN);
        return origin == null || cors.allows(origin);
    }

    /** Node's checkInvalidHeaderChar: only TAB and 0x20-0x7E, 0x80-0xFF are valid. */
    static boolean hasInvalidHeaderChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t') continue;
            if (c < 0x20 || c == 0x7f || c > 0xff) return true;
        }
        return false;
    }
}
