package io.enlace.internal.netty;

/** The names of the server's pipeline handlers: the only place they are spelled. */
final class PipelineNames {
    private PipelineNames() {}

    /** TLS ({@code SslHandler}), first when the server has a certificate. */
    public static final String TLS = "enlace-tls";
    /** The HTTP response encoder. */
    public static final String HTTP_ENCODER = "enlace-http-encoder";
    /** The HTTP request decoder. */
    public static final String HTTP = "enlace-http";
    /** {@link HttpReadGate}: one request at a time, with its deadline. */
    public static final String GATE = "enlace-gate";
    /** The idle-connection timeout of HTTP connections (removed when a connection becomes a WebSocket). */
    public static final String IDLE = "enlace-idle";
    /** permessage-deflate ({@link WsDeflate}), when an engine enables it. */
    public static final String WS_DEFLATE = "enlace-ws-deflate";
    /** {@link EngineChannelHandler}: routes, engines, fallbacks (removed when a connection becomes a WebSocket). */
    public static final String DISPATCH = "enlace-dispatch";
    /** {@link LingeringClose}'s drain, first in a pipeline whose connection closes after a refused request body. */
    public static final String DRAIN = "enlace-drain";
    /** {@link WebSocketFrameHandler}, after the WebSocket handshake. */
    public static final String WS = "enlace-ws";
}
