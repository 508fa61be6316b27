package io.enlace.demo;

import io.enlace.netty.HttpHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The demo's pages, from the class-path folder {@code public/} (read once, at start-up): {@code /} and {@code /chat},
 * with their scripts and style sheet. Everything else returns null (404 from the server).
 */
final class StaticPages implements HttpHandler {

    /** URL path → resource name. */
    private static final Map<String, String> ROUTES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/chat", "chat.html",
            "/chat.html", "chat.html",
            "/app.js", "app.js",
            "/chat.js", "chat.js",
            "/style.css", "style.css");

    private static final String CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> files;

    StaticPages() {
        Map<String, byte[]> loaded = new java.util.HashMap<>();
        for (String resource : ROUTES.values()) loaded.computeIfAbsent(resource, StaticPages::read);
        this.files = Map.copyOf(loaded);
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticPages.class.getResourceAsStream("/public/" + resource)) {
            if (in == null) throw new IllegalStateException("missing resource public/" + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String contentType(String resource) {
        if (resource.endsWith(".html")) return "text/html; charset=utf-8";
        if (resource.endsWith(".js")) return "application/javascript; charset=utf-8";
        if (resource.endsWith(".css")) return "text/css; charset=utf-8";
        return "application/octet-stream";
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (!head && !HttpMethod.GET.equals(request.method())) return null;
        String path = request.uri();
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        String resource = ROUTES.get(path);
        if (resource == null) return null;
        byte[] body = files.get(resource);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType(resource))
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        if (resource.endsWith(".html")) res.headers().set("Content-Security-Policy", CSP);
        return res;
    }
}
