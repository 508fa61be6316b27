package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.internal.engine.codec.FrameCodec;
import io.enlace.internal.engine.codec.JsonpPayloads;
import io.enlace.internal.engine.codec.PayloadCodec;
import io.enlace.internal.engine.codec.V3Frames;
import io.enlace.internal.engine.codec.V3Payloads;
import io.enlace.internal.engine.codec.V4Frames;
import io.enlace.internal.engine.codec.V4Payloads;
import io.netty.channel.EventLoop;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What differs between Engine.IO protocol revisions, chosen per session at its handshake ({@link #revision}): the
 * codecs of polling payloads (per session) and WebSocket messages (per WebSocket request), the heartbeat (which also
 * says who may ping). The open packet is the same JSON in both.
 */
public enum EngineProtocol {
    /** Engine.IO v3 (Socket.IO v2 clients, {@code allowEIO3}): the client pings, length-prefixed payloads, JSONP. */
    V3(3) {
        /** JSONP when the handshake has {@code j} (any value), else binary payloads unless it has a non-empty {@code b64}. */
        @Override
        PayloadCodec payloadCodec(Map<String, List<String>> query) {
            String j = QueryParams.last(query, "j");
            if (j != null) return new JsonpPayloads(j);
            return V3Payloads.forHandshake(base64(query));
        }

        /** Binary messages with their type byte, or base64 text messages when the request has a non-empty {@code b64}. */
        @Override
        FrameCodec frameCodec(Map<String, List<String>> query) { return V3Frames.forRequest(base64(query)); }

        @Override
        Heartbeat heartbeat(EventLoop loop, EngineOptions opts, BooleanSupplier sendPing, Runnable timedOut) {
            return new ClientPingHeartbeat(loop, opts.pingInterval(), opts.pingTimeout(), timedOut);
        }
    },
    /** Engine.IO v4: the server pings, records separated by {@code \u001e}, binary WebSocket messages as they are. */
    V4(4) {
        @Override PayloadCodec payloadCodec(Map<String, List<String>> query) { return V4Payloads.INSTANCE; }
        @Override FrameCodec frameCodec(Map<String, List<String>> query) { return V4Frames.INSTANCE; }

        @Override
        Heartbeat heartbeat(EventLoop loop, EngineOptions opts, BooleanSupplier sendPing, Runnable timedOut) {
            return new ServerPingHeartbeat(loop, opts, sendPing, timedOut);
        }
    };

    private final int number;

    EngineProtocol(int number) {
        this.number = number;
    }

    /**
     * The revision a request asks for by its {@code EIO} query parameter, as engine.io 6 reads it: {@code "4"} is v4,
     * anything else (missing, {@code 3}, {@code 5}, {@code abc}) is v3.
     */
    public static EngineProtocol revision(String eio) {
        return "4".equals(eio) ? V4 : V3;
    }

    /** The {@code EIO} query value ({@code EngineSocket.protocol()}). */
    public int number() { return number; }

    /** The polling bodies of a session whose handshake had {@code query}. */
    abstract PayloadCodec payloadCodec(Map<String, List<String>> query);

    /** The messages of a WebSocket whose request had {@code query}. */
    abstract FrameCodec frameCodec(Map<String, List<String>> query);

    /** The session's liveness check ({@code sendPing} false: the session is closed). */
    abstract Heartbeat heartbeat(EventLoop loop, EngineOptions opts, BooleanSupplier sendPing, Runnable timedOut);

    /** The data of the open packet ({@code 0}) answering the handshake: the same JSON for both revisions. */
    String openPacket(String sid, String upgradesJson, EngineOptions opts) {
        return "{\"sid\":\"" + sid + "\",\"upgrades\":" + upgradesJson
                + ",\"pingInterval\":" + opts.pingInterval() + ",\"pingTimeout\":" + opts.pingTimeout()
                + ",\"maxPayload\":" + opts.maxHttpBufferSize() + "}";
    }

    /** {@code b64} with a value that JavaScript finds truthy (engine.io 6: {@code supportsBinary = !query.b64}). */
    private static boolean base64(Map<String, List<String>> query) {
        String b64 = QueryParams.last(query, "b64");
        return b64 != null && !b64.isEmpty();
    }
}
