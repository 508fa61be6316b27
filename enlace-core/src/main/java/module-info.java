/**
 * Enlace core: a Socket.IO v5 / Engine.IO v4 server on Netty. Exports the API packages only; everything under
 * {@code io.enlace.internal} stays unreadable from other modules. On the class path (most applications, Spring Boot
 * included) this descriptor is ignored and nothing changes. On the module path, Netty's epoll transport needs its
 * native module too ({@code --add-modules io.netty.transport.epoll.linux.x86_64}); without it the server logs
 * {@code nio} at start and runs on NIO. See {@code docs/modules.md}.
 */
module io.enlace {
    // types of these modules appear in the exported API (each package's documentation says why)
    requires transitive io.netty.common;                 // EventLoop is an EventExecutor (io.netty.util.concurrent)
    requires transitive io.netty.buffer;                 // FullHttpRequest/FullHttpResponse are ByteBufHolders
    requires transitive io.netty.transport;              // EventLoop; ChannelHandler (NettyServer.channelHandler)
    requires transitive io.netty.codec.http;             // HttpHeaders, HttpRequest, FullHttpRequest/Response
    requires transitive com.fasterxml.jackson.databind;  // JsonNode, ArrayNode, ObjectNode, ObjectMapper (+ core)

    // used inside only
    requires io.netty.codec;                             // codec base (TooLongFrameException, ...)
    requires io.netty.codec.compression;                 // zlib for WebSocket deflate (codec.http has it only static)
    requires io.netty.handler;                           // SslHandler, IdleStateHandler
    requires io.netty.transport.classes.epoll;           // the epoll transport when its native module is there
    requires org.slf4j;
    requires java.management;                            // ManagementFactory (NettyServer: the file-descriptor limit)
    requires jdk.management;                             // UnixOperatingSystemMXBean (NettyServer's maxConnections)

    exports io.enlace;
    exports io.enlace.engine;
    exports io.enlace.adapter;
    exports io.enlace.parser;
    exports io.enlace.netty;
}
