package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.internal.engine.codec.FrameCodec;
import io.enlace.internal.engine.codec.PayloadCodec;
import io.enlace.internal.engine.codec.V4Frames;
import io.enlace.internal.engine.codec.V4Payloads;
import io.netty.channel.EventLoop;

import java.util.function.BooleanSupplier;

/**
 * What differs between Engine.IO protocol revisions, chosen per session at its handshake: the codecs of polling
 * payloads and WebSocket messages, the heartbeat, the handshake's open packet and what a ping from the client means.
 * Only {@link #V4} exists; a {@code V3} (engine.io 6's {@code allowEIO3}) plugs in here.
 */
public enum EngineProtocol {
    /** Engine.IO v4: the server pings, records separated by {@code \u001e}, binary WebSocket messages as they are. */
    V4(4) {
        @Override PayloadCodec payloadCodec() { return V4Payloads.INSTANCE; }
        @Override FrameCodec frameCodec() { return V4Frames.INSTANCE; }

        @Override
        Heartbeat heartbeat(EventLoop loop, EngineOptions opts, BooleanSupplier sendPing, Runnable timedOut) {
            return new ServerPingHeartbeat(loop, opts.pingInterval(), opts.pingTimeout(), sendPing, timedOut);
        }

        @Override
        String openPacket(String sid, String upgradesJson, EngineOptions opts) {
            return "{\"sid\":\"" + sid + "\",\"upgrades\":" + upgradesJson
                    + ",\"pingInterval\":" + opts.pingInterval() + ",\"pingTimeout\":" + opts.pingTimeout()
                    + ",\"maxPayload\":" + opts.maxHttpBufferSize() + "}";
        }
    };

    private final int number;

    EngineProtocol(int number) {
        this.number = number;
    }

    /** The {@code EIO} query value ({@code EngineSocket.protocol()}). */
    public int number() { return number; }

    /** Polling bodies. */
    abstract PayloadCodec payloadCodec();

    /** WebSocket messages. */
    abstract FrameCodec frameCodec();

    /** The session's liveness check ({@code sendPing} false: the session is closed). */
    abstract Heartbeat heartbeat(EventLoop loop, EngineOptions opts, BooleanSupplier sendPing, Runnable timedOut);

    /** The data of the open packet ({@code 0}) answering the handshake. */
    abstract String openPacket(String sid, String upgradesJson, EngineOptions opts);
}
