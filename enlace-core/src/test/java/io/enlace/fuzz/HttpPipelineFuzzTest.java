package io.enlace.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.engine.EngineServer;
import io.enlace.internal.client.ClientFilesHandler;
import io.enlace.internal.netty.RealEngineServer;
import io.enlace.internal.netty.Route;
import io.enlace.internal.netty.EngineChannelHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP side of the server up to the engine and the Socket.IO layer: the pipeline of a real connection
 * ({@code HttpServerCodec} and {@link EngineChannelHandler}, with the engine, the client-file routes and a Socket.IO
 * server with a few handlers) on an {@link EmbeddedChannel}, fed any bytes in any chunks. The input's first byte picks
 * a start: a fresh connection, a polling session (the text {@code SID} in the input is replaced by its id), or a
 * WebSocket session (the input is then WebSocket frames); then come {@link FuzzInput} frames, each one read from the
 * network (the tag byte is ignored). Properties, for every input: no exception escapes, nothing is
 * logged at WARN or above and no connection error is logged (each is a handler that failed), every buffer the
 * connection allocated is released once the connection and the sessions are closed, and no session is left.
 */
class HttpPipelineFuzzTest {
    static {
        // the two places where a failing handler would otherwise only be visible at DEBUG
        System.setProperty("org.slf4j.simpleLogger.log.io.enlace.internal.netty.EngineChannelHandler", "debug");
        System.setProperty("org.slf4j.simpleLogger.log.io.enlace.internal.netty.WebSocketFrameHandler", "debug");
    }

    private static final SocketIoServer IO;
    private static final RealEngineServer ENGINE;
    private static final List<Route> ROUTES;

    static {
        // a small body limit, so that inputs of a few KB reach the "too large" paths
        ServerOptions options = ServerOptions.builder().maxHttpBufferSize(20_000).build();
        IO = SocketIoServer.create(options);
        IO.onConnection(s -> {
            s.on("message-with-ack", (args, ack) -> {
                if (ack.requested()) ack.send(args.toArray());
            });
            s.on("message", (args, ack) -> s.emit("message-back", args.toArray()));
            s.on("binary", (args, ack) -> s.emit("binary-back", new byte[] {1, 2, 3}, args.toArray()));
            s.on("join", (args, ack) -> s.join(args.node(0).asText("room")));
            s.on("to-room", (args, ack) -> s.to(args.node(0).asText("room")).emit("room", args.toArray()));
            s.on("leave", (args, ack) -> s.leave(args.node(0).asText("room")));
            s.on("disconnect-me", (args, ack) -> s.disconnect(true));
        });
        IO.of("/admin").onConnection(s -> s.on("message", (args, ack) -> s.emit("message-back", args.toArray())));
        EngineServer engine = IO.engine();
        ENGINE = (RealEngineServer) engine;
        ClientFilesHandler files = new ClientFilesHandler(options.path()); // as SocketIoServer.attach mounts it
        ROUTES = List.of(new Route(files.routePrefix(), files));
    }

    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    /** ENLACE_FUZZ_TRACE=1 in the environment prints what the server wrote for each input (to look into a finding). */
    private static final boolean TRACE = System.getenv("ENLACE_FUZZ_TRACE") != null;
    private static final byte[] SID_MARK = "SID".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "10s")
    void connection(byte[] input) throws Exception {
        FuzzInput data = new FuzzInput(input);
        int start = data.u8() % 3;
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast("enlace-http", new HttpServerCodec());
        ch.pipeline().addLast("enlace-dispatch", new EngineChannelHandler(List.of(ENGINE), ROUTES, List.of(), false));

        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            String sid = null;
            if (start == 1) {
                write(ch, alloc, "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
                Matcher m = SID.matcher(drain(ch));
                assertThat(m.find()).as("polling handshake").isTrue();
                sid = m.group(1);
            } else if (start == 2) {
                write(ch, alloc, "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
                assertThat(drain(ch)).as("websocket handshake").startsWith("HTTP/1.1 101");
            }
            int chunks = 0;
            while (data.hasMore() && ch.isOpen() && chunks++ < 64) {
                data.u8();
                byte[] chunk = data.frame();
                if (chunk.length == 0) continue;
                if (sid != null) chunk = replace(chunk, SID_MARK, sid.getBytes(StandardCharsets.US_ASCII));
                ByteBuf in = alloc.buffer(chunk.length).writeBytes(chunk);
                ch.writeInbound(in);
                drain(ch);
            }
        } finally {
            try {
                ENGINE.close();
                ch.runPendingTasks();
                ch.close();
                ch.runPendingTasks();
                ch.finishAndReleaseAll();
                drain(ch);
                System.setErr(stderr);
            } catch (Throwable t) {
                System.setErr(stderr);
                throw t;
            }
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        if (!logged.isEmpty()) stderr.print(logged);
        assertThat(logged).as("logged while serving the input").doesNotContain(" WARN ").doesNotContain(" ERROR ")
                .doesNotContain("HTTP connection error").doesNotContain("WebSocket error on");
        List<String> unreleased = alloc.unreleased();
        alloc.releaseAll();
        assertThat(unreleased).as("buffers of the connection still referenced after it closed").isEmpty();
        assertThat(ENGINE.clientsCount()).as("sessions left after the engine closed them").isZero();
    }

    private static void write(EmbeddedChannel ch, TrackingAllocator alloc, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        ch.writeInbound(alloc.buffer(b.length).writeBytes(b));
    }

    /** Runs what the loop has queued, then takes (and releases) everything written; returns it as text. */
    private static String drain(EmbeddedChannel ch) {
        ch.runPendingTasks();
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            if (o instanceof ByteBuf b) {
                String written = b.toString(StandardCharsets.ISO_8859_1);
                sb.append(written);
                b.release();
                if (TRACE) System.out.println("<< " + written);
            } else {
                io.netty.util.ReferenceCountUtil.release(o);
            }
        }
        while ((o = ch.readInbound()) != null) io.netty.util.ReferenceCountUtil.release(o);
        return sb.toString();
    }

    static byte[] replace(byte[] in, byte[] mark, byte[] with) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 32);
        int i = 0;
        while (i < in.length) {
            if (i + mark.length <= in.length && java.util.Arrays.equals(in, i, i + mark.length, mark, 0, mark.length)) {
                out.write(with, 0, with.length);
                i += mark.length;
            } else {
                out.write(in[i++]);
            }
        }
        return out.toByteArray();
    }
}
