package io.enlace.internal.netty;

import io.enlace.engine.CookieOptions;
import io.enlace.engine.CorsOptions;
import io.enlace.engine.EngineError;
import io.enlace.engine.EngineOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Every HTTP response of one engine: long-poll payloads (with HTTP compression), POST "ok", 413, JSON errors, raw
 * refusals of WebSocket upgrades, CORS preflights; with CORS, the cookie, the headers hooks and keep-alive or close.
 * Thread-safe: {@code Channel.write} hops to the channel's loop. A response with {@code Connection: close} closes its
 * connection after the write, bounded ({@link CloseAfterWrite}).
 */
final class HttpResponses {
    private static final Logger log = LoggerFactory.getLogger(HttpResponses.class);
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private final EngineOptions opts;
    private final List<BiConsumer<HttpHeaders, HttpRequest>> initialHeaderHooks;
    private final List<BiConsumer<HttpHeaders, HttpRequest>> headerHooks;

    /** The hooks lists are the engine's own (thread-safe, read at each response). */
    public HttpResponses(EngineOptions opts, List<BiConsumer<HttpHeaders, HttpRequest>> initialHeaderHooks,
                         List<BiConsumer<HttpHeaders, HttpRequest>> headerHooks) {
        this.opts = opts;
        this.initialHeaderHooks = initialHeaderHooks;
        this.headerHooks = headerHooks;
    }

    /**
     * Writes a long-poll response; takes ownership of {@code body} (released on every path). {@code initialSid}: the
     * handshake GET of that session (cookie, initial headers hooks), else null.
     */
    public ChannelFuture poll(Channel ch, HttpRequest req, ByteBuf body, String contentType, boolean compress,
                              String initialSid) {
        String encoding = null;
        if (opts.httpCompression() && compress && body.readableBytes() >= opts.httpCompressionThreshold()) {
            encoding = pickEncoding(req.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
            if (encoding != null) {
                ByteBuf compressed;
                try {
                    compressed = compress(ch.alloc(), body, encoding);
                } catch (RuntimeException e) {
                    // the response still goes out, uncompressed; the body stays ours
                    log.warn("{} compression of a poll response failed, sending it uncompressed", encoding, e);
                    compressed = null;
                    encoding = null;
                } catch (Error e) {
                    body.release();
                    throw e;
                }
                if (compressed != null) {
                    body.release();
                    body = compressed;
                }
            }
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (encoding != null) h.set(HttpHeaderNames.CONTENT_ENCODING, encoding);
        addCommonHeaders(h, req);
        applyHooks(h, req, initialSid != null, initialSid);
        return write(ch, req, res);
    }

    /** "ok" for a POST. */
    public void postOk(Channel ch, HttpRequest req) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(OK));
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, "text/html");
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, 2);
        addCommonHeaders(h, req);
        applyHooks(h, req, false, null);
        write(ch, req, res);
    }

    /**
     * 413 for a POST over {@code maxHttpBufferSize}, then close, reading and dropping what the client still sends
     * meanwhile ({@link LingeringClose}).
     */
    public void payloadTooLarge(Channel ch, HttpRequest req) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.EMPTY_BUFFER);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        applyCors(res.headers(), req);
        LingeringClose.writeAndClose(ch, res); // the body is still coming: closing at once could reset the 413 away
    }

    /**
     * An engine error: for HTTP requests a JSON body {@code {"code":..,"message":..}} with the error's status; for
     * WebSocket upgrades ({@code upgrade}) a raw 400 (403 for a refused origin) text/html, then close.
     */
    public void error(Channel ch, HttpRequest req, boolean upgrade, EngineError err, String msg,
                      Map<String, Object> context) {
        if (upgrade) {
            HttpResponseStatus status = err == EngineError.FORBIDDEN && "ORIGIN_NOT_ALLOWED".equals(context.get("name"))
                    ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_REQUEST;
            byte[] b = msg.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(b));
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html");
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, b.length);
            CloseAfterWrite.writeAndClose(ch, res);
            return;
        }
        byte[] b = ("{\"code\":" + err.code() + ",\"message\":" + jsonString(msg) + "}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(err.httpStatus()), Unpooled.wrappedBuffer(b));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, b.length);
        applyCors(res.headers(), req);
        write(ch, req, res);
    }

    /**
     * A 400 for a WebSocket handshake that Node's {@code ws} refuses (bad key or version) with its message, then
     * close; {@code versions}: the {@code Sec-WebSocket-Version} header to add, or null.
     */
    public static void handshakeRefusal(Channel ch, String message, String versions) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                Unpooled.wrappedBuffer(b));
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, b.length);
        if (versions != null) res.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, versions);
        CloseAfterWrite.writeAndClose(ch, res);
    }

    /** The answer to a CORS preflight ({@code OPTIONS}); CORS must be on. */
    public void preflight(Channel ch, HttpRequest req) {
        CorsOptions cors = opts.cors();
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT,
                Unpooled.EMPTY_BUFFER);
        HttpHeaders h = res.headers();
        applyCors(h, req);
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(",", cors.methods()));
        if (cors.allowedHeaders() != null) {
            if (!cors.allowedHeaders().isEmpty()) {
                h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(",", cors.allowedHeaders()));
            }
        } else {
            String requested = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
            if (requested != null) {
                h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested);
                h.add(HttpHeaderNames.VARY, "Access-Control-Request-Headers");
            }
        }
        if (cors.maxAge() != null) h.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, String.valueOf(cors.maxAge().toSeconds()));
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        write(ch, req, res);
    }

    /** Adds the CORS response headers for this request when CORS is on. */
    public void applyCors(HttpHeaders h, HttpRequest req) {
        CorsOptions cors = opts.cors();
        if (cors == null) return;
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (cors.anyOrigin()) {
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else {
            if (origin != null && cors.allows(origin)) h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            h.add(HttpHeaderNames.VARY, "Origin");
        }
        if (cors.credentials()) h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        if (!cors.exposedHeaders().isEmpty()) {
            h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(",", cors.exposedHeaders()));
        }
    }

    /**
     * The cookie (when {@code initial} and configured) and the {@code initial_headers}/{@code headers} hooks.
     * {@code initial}: the first response of a session (handshake GET or WebSocket 101).
     */
    public void applyHooks(HttpHeaders h, HttpRequest req, boolean initial, String sid) {
        if (initial) {
            CookieOptions c = opts.cookie();
            if (c != null && sid != null) h.add(HttpHeaderNames.SET_COOKIE, cookie(c, sid));
            for (BiConsumer<HttpHeaders, HttpRequest> l : initialHeaderHooks) {
                try { l.accept(h, req); } catch (RuntimeException e) { log.warn("initial headers listener failed", e); }
            }
        }
        for (BiConsumer<HttpHeaders, HttpRequest> l : headerHooks) {
            try { l.accept(h, req); } catch (RuntimeException e) { log.warn("headers listener failed", e); }
        }
    }

    private void addCommonHeaders(HttpHeaders h, HttpRequest req) {
        String ua = req.headers().get(HttpHeaderNames.USER_AGENT);
        if (ua != null && (ua.contains(";MSIE") || ua.contains("Trident/"))) h.set("X-XSS-Protection", "0");
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        applyCors(h, req);
    }

    private static String cookie(CookieOptions c, String sid) {
        StringBuilder sb = new StringBuilder(c.name()).append('=').append(sid);
        if (c.path() != null) sb.append("; Path=").append(c.path());
        if (c.httpOnly()) sb.append("; HttpOnly");
        if (c.sameSite() != null) sb.append("; SameSite=").append(c.sameSite());
        return sb.toString();
    }

    /** Writes {@code res} keeping the connection (keep-alive) or closing it after the write, as the request asks. */
    private static ChannelFuture write(Channel ch, HttpRequest req, FullHttpResponse res) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        else if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return keepAlive ? ch.writeAndFlush(res) : CloseAfterWrite.writeAndClose(ch, res);
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** The encoding for {@code Accept-Encoding}: gzip first, then deflate; null when neither is accepted. */
    static String pickEncoding(String acceptEncoding) {
        if (acceptEncoding == null) return null;
        String gzip = null;
        String deflate = null;
        for (String part : acceptEncoding.split(",")) {
            String[] kv = part.trim().split(";");
            String name = kv[0].trim().toLowerCase(Locale.ROOT);
            boolean zero = false;
            for (int i = 1; i < kv.length; i++) {
                String param = kv[i].trim();
                if (param.startsWith("q=")) {
                    try { zero = Double.parseDouble(param.substring(2)) <= 0; } catch (NumberFormatException e) { zero = true; }
                }
            }
            if (zero) continue;
            if (name.equals("gzip") || name.equals("*")) gzip = "gzip";
            else if (name.equals("deflate")) deflate = "deflate";
        }
        return gzip != null ? gzip : deflate;
    }

    /** A compressed copy of {@code body} (which stays the caller's); on any failure nothing is left allocated. */
    private static ByteBuf compress(ByteBufAllocator alloc, ByteBuf body, String encoding) {
        ByteBuf out = alloc.buffer(Math.max(64, body.readableBytes() / 2));
        boolean done = false;
        try {
            // closing the stream writes the trailer: it may fail too
            try (OutputStream os = "gzip".equals(encoding)
                    ? new GZIPOutputStream(new ByteBufOutputStream(out))
                    : new DeflaterOutputStream(new ByteBufOutputStream(out))) {
                body.getBytes(body.readerIndex(), os, body.readableBytes());
            }
            done = true;
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!done) out.release();
        }
    }
}
