package io.enlace.internal.admin;

import io.enlace.netty.HttpHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the admin UI ({@code ui/dist} of {@code @socket.io/admin-ui}), which the build of enlace-admin fetches with npm
 * into the class-path folder {@code io/enlace/admin-ui/} (with a {@code FILES} index, {@code .gz} and {@code .br} copies,
 * {@code VERSION} and {@code LICENSE}): {@code <prefix>} and {@code <prefix>index.html} give the page,
 * {@code <prefix><file>} the other files; {@code <prefix>} without its trailing slash redirects to it (the page's links
 * are relative). Any other request returns null. When the files are missing, a WARN is logged once and the UI's paths
 * answer 404 with the reason.
 *
 * <p>Runs on the event loop: every byte is read when the handler is made.
 */
public final class UiFiles implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(UiFiles.class);
    static final String BASE = "io/enlace/admin-ui/";

    private record UiFile(String contentType, byte[] identity, byte[] gzip, byte[] brotli) {}

    private final String prefix;
    private final String version;
    private final String missing;
    private final Map<String, UiFile> files;

    /** A handler for the UI at {@code prefix} (e.g. {@code /admin/}). */
    public UiFiles(String prefix) {
        String p = prefix.startsWith("/") ? prefix : "/" + prefix;
        this.prefix = p.endsWith("/") ? p : p + "/";
        Map<String, UiFile> loaded = new HashMap<>();
        String v = null;
        String why = null;
        try {
            ClassLoader cl = UiFiles.class.getClassLoader();
            byte[] ver = read(cl, BASE + "VERSION");
            byte[] index = read(cl, BASE + "FILES");
            if (ver == null || index == null) {
                why = "the admin UI files are not packaged (no " + BASE + "VERSION or FILES on the class path)";
            } else {
                for (String name : new String(index, StandardCharsets.UTF_8).split("\n")) {
                    if (name.isBlank()) continue;
                    byte[] id = read(cl, BASE + name);
                    byte[] gz = read(cl, BASE + name + ".gz");
                    byte[] br = read(cl, BASE + name + ".br");
                    if (id == null || gz == null || br == null) {
                        why = "incomplete admin UI files: " + name + " (or its .gz/.br copy) is missing";
                        loaded.clear();
                        break;
                    }
                    loaded.put(name, new UiFile(contentType(name), id, gz, br));
                }
                if (why == null) v = new String(ver, StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            why = "cannot read the admin UI files: " + e;
        }
        if (why == null && !loaded.containsKey("index.html")) why = "the admin UI files have no index.html";
        this.version = why == null ? v : null;
        this.missing = why;
        this.files = why == null ? Map.copyOf(loaded) : Map.of();
        if (why != null) {
            log.warn("admin UI page: {}; {} answers 404. The files are fetched with npm when enlace-admin is built: "
                    + "rebuild with node and npm available, or use the hosted UI.", why, this.prefix);
        }
    }

    private static byte[] read(ClassLoader cl, String resource) throws IOException {
        try (InputStream in = cl.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** True when the UI files are packaged. */
    public boolean present() { return version != null; }

    /** The @socket.io/admin-ui version of the files, or null when missing. */
    public String version() { return version; }

    /** Why the files are missing, or null. */
    public String missingReason() { return missing; }

    /** The prefix, with its trailing slash. */
    public String prefix() { return prefix; }

    static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".html")) return "text/html; charset=utf-8";
        if (n.endsWith(".js")) return "application/javascript; charset=utf-8";
        if (n.endsWith(".css")) return "text/css; charset=utf-8";
        if (n.endsWith(".svg")) return "image/svg+xml";
        if (n.endsWith(".png")) return "image/png";
        if (n.endsWith(".ico")) return "image/x-icon";
        if (n.endsWith(".json") || n.endsWith(".map")) return "application/json; charset=utf-8";
        if (n.endsWith(".woff2")) return "font/woff2";
        if (n.endsWith(".woff")) return "font/woff";
        if (n.endsWith(".ttf")) return "font/ttf";
        if (n.endsWith(".txt")) return "text/plain; charset=utf-8";
        return "application/octet-stream";
    }

    @Override
    public FullHttpResponse handle(FullHttpRequest request) {
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        if (!head && !HttpMethod.GET.equals(method)) return null;
        String path = request.uri();
        int q = path.indexOf('?');
        String query = q >= 0 ? path.substring(q) : "";
        if (q >= 0) path = path.substring(0, q);
        if (path.equals(prefix.substring(0, prefix.length() - 1))) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY,
                    Unpooled.EMPTY_BUFFER);
            res.headers().set(HttpHeaderNames.LOCATION, prefix + query).set(HttpHeaderNames.CONTENT_LENGTH, 0);
            return res;
        }
        if (!path.startsWith(prefix)) return null;
        String name = path.substring(prefix.length());
        if (name.isEmpty()) name = "index.html";
        if (!present()) return text(HttpResponseStatus.NOT_FOUND, "admin UI not available on this server: " + missing + "\n", head);
        UiFile file = files.get(name);
        if (file == null) return text(HttpResponseStatus.NOT_FOUND, "not found\n", head);
        String etag = "\"" + version + "\"";
        String inm = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (inm != null && (inm.contains(etag) || inm.trim().equals("*"))) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED,
                    Unpooled.EMPTY_BUFFER);
            res.headers().set(HttpHeaderNames.ETAG, etag).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            return res;
        }
        String coding = coding(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        byte[] body = coding == null ? file.identity() : coding.equals("br") ? file.brotli() : file.gzip();
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.VARY, "Accept-Encoding")
                .set("X-Content-Type-Options", "nosniff");
        if (coding != null) res.headers().set(HttpHeaderNames.CONTENT_ENCODING, coding);
        return res;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String text, boolean head) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return res;
    }

    /** {@code br} or {@code gzip} when the client accepts it (q &gt; 0), br first; null for the identity body. */
    static String coding(String acceptEncoding) {
        if (acceptEncoding == null) return null;
        boolean br = false;
        boolean gzip = false;
        for (String token : acceptEncoding.split(",")) {
            String[] parts = token.trim().split(";");
            String c = parts[0].trim().toLowerCase(Locale.ROOT);
            double qv = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        qv = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        qv = 0;
                    }
                }
            }
            if (qv <= 0) continue;
            if (c.equals("br")) br = true;
            else if (c.equals("gzip") || c.equals("x-gzip")) gzip = true;
        }
        return br ? "br" : gzip ? "gzip" : null;
    }
}
