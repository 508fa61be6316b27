package io.enlace.internal.client;

import io.enlace.netty.HttpHandler;
import io.enlace.netty.NettyServer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Serves the official socket.io-client bundle under the Socket.IO path ({@code serveClient}): exactly the eight files
 * of {@link ClientBundle#FILE_NAMES} at {@code <path>/<name>} (a query string is allowed). Any other request returns
 * {@code null}, so the engine answers it.
 *
 * <p>Responses: {@code Cache-Control: public, max-age=0}, {@code ETag: "<client version>"}, 304 with an empty body
 * when {@code If-None-Match} holds that tag (strong or {@code W/}), and the body in {@code br}, {@code gzip} or
 * {@code deflate} as {@code Accept-Encoding} allows (that preference order on equal q-values). When the bundle is
 * missing from the class path, a WARN is logged when the handler is created and the eight files answer 404.
 *
 * <p>Runs on the event loop; all bytes are in memory (the deflate copy of a file is computed on its first request).
 */
public final class ClientFilesHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ClientFilesHandler.class);
    private static final String CACHE_CONTROL = "public, max-age=0";
    private static final String[] CODINGS = {"br", "gzip", "deflate"};

    private final String prefix;
    private final ClientBundle bundle;
    private final String etag;
    private final String weakEtag;

    /**
     * A handler for the Socket.IO server at {@code path} (e.g. {@code /socket.io} or {@code /socket.io/}), serving
     * the bundle packaged with enlace-core.
     */
    public ClientFilesHandler(String path) {
        this(path, ClientBundle.defaultBundle());
    }

    /** A handler for the server at {@code path} serving {@code bundle}. */
    public ClientFilesHandler(String path, ClientBundle bundle) {
        this.prefix = normalize(path) + "/";
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.etag = bundle.present() ? "\"" + bundle.version() + "\"" : null;
        this.weakEtag = bundle.present() ? "W/" + etag : null;
        if (!bundle.present()) {
            LOG.warn("serveClient: the socket.io-client bundle is not packaged with this server ({}); "
                            + "{}socket.io.js and the other client files will answer 404. The bundle is fetched with npm "
                            + "when enlace-core is built: rebuild with node and npm available, or load the client from "
                            + "elsewhere.", bundle.missingReason(), prefix);
        }
    }

    /**
     * Mounts a handler for the Socket.IO server at {@code path} on {@code builder} (at {@link #routePrefix()}), serving
     * the bundle packaged with enlace-core; returns the builder. Routes under an engine's path get that engine's CORS
     * headers from {@code NettyServer}, as Node applies its {@code cors} option to the client files.
     */
    public static NettyServer.Builder mount(NettyServer.Builder builder, String path) {
        ClientFilesHandler files = new ClientFilesHandler(path);
        return builder.route(files.routePrefix(), files);
    }

    private static String normalize(String path) {
        String p = path == null ? "" : path.trim();
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (!p.startsWith("/")) p = "/" + p;
        return p.equals("/") ? "" : p;
    }

    /** The Socket.IO path with a trailing slash ({@code <path>/}); the files are right under it. */
    public String prefix() { return prefix; }

    /**
     * The narrowest prefix of the eight files ({@code <path>/socket.io.}), to mount this handler with
     * {@code NettyServer.Builder#route(routePrefix(), handler)}: a route takes every request under its prefix, so
     * this keeps the engine's requests ({@code <path>/?EIO=4...}) away from it.
     */
    public String routePrefix() { return prefix + "socket.io."; }

    /** The bundle served. */
    public ClientBundle bundle() { return bundle; }

    @Override
    public FullHttpResponse handle(FullHttpRequest request) {
        String name = fileName(request.uri());
        if (name == null) return null;
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        if (!head && !HttpMethod.GET.equals(method)) return null;

        if (!bundle.present()) {
            byte[] body = ("socket.io-client bundle not available on this server\n").getBytes(StandardCharsets.UTF_8);
            FullHttpResponse res = response(HttpResponseStatus.NOT_FOUND, head ? new byte[0] : body);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            return res;
        }
        ClientBundle.ClientFile file = bundle.file(name);

        String inm = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (inm != null && matchesEtag(inm)) {
            FullHttpResponse res = response(HttpResponseStatus.NOT_MODIFIED, new byte[0]);
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL)
                    .set(HttpHeaderNames.ETAG, etag);
            return res;
        }

        String coding = negotiate(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        byte[] body = file.body(coding);
        FullHttpResponse res = response(HttpResponseStatus.OK, head ? new byte[0] : body);
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                .set(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL)
                .set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.VARY, "Accept-Encoding")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (coding != null) h.set(HttpHeaderNames.CONTENT_ENCODING, coding);
        return res;
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    }

    /** The requested file name when the URI is exactly {@code <path>/<one of the 8 names>[?query]}, else null. */
    String fileName(String uri) {
        if (uri == null) return null;
        String p = uri;
        int q = p.indexOf('?');
        if (q >= 0) p = p.substring(0, q);
        int hash = p.indexOf('#');
        if (hash >= 0) p = p.substring(0, hash);
        if (!p.startsWith("/")) {
            // absolute-form request target: scheme://authority/path
            int scheme = p.indexOf("://");
            if (scheme < 0) return null;
            int slash = p.indexOf('/', scheme + 3);
            if (slash < 0) return null;
            p = p.substring(slash);
        }
        if (!p.startsWith(prefix)) return null;
        String name = p.substring(prefix.length());
        return ClientBundle.FILE_NAMES.contains(name) ? name : null;
    }

    private boolean matchesEtag(String header) {
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals(weakEtag)) return true;
        }
        return false;
    }

    /**
     * Picks the content coding from an {@code Accept-Encoding} header: the acceptable one (q &gt; 0, explicitly or
     * through {@code *}) with the highest q-value, preferring br, then gzip, then deflate on equal values; null means
     * the identity body.
     */
    static String negotiate(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) return null;
        double[] explicit = {-1, -1, -1};
        double star = -1;
        for (String token : acceptEncoding.split(",")) {
            String[] parts = token.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            if (coding.isEmpty()) continue;
            double q = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim();
                if (param.length() > 2 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
                    try {
                        q = Double.parseDouble(param.substring(2).trim());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                    if (!(q >= 0 && q <= 1)) q = 0;
                }
            }
            if (coding.equals("*")) {
                star = q;
            } else if (coding.equals("x-gzip")) {
                explicit[1] = Math.max(explicit[1], q);
            } else {
                for (int i = 0; i < CODINGS.length; i++) {
                    if (CODINGS[i].equals(coding)) explicit[i] = q;
                }
            }
        }
        String best = null;
        double bestQ = 0;
        for (int i = 0; i < CODINGS.length; i++) {
            double q = explicit[i] >= 0 ? explicit[i] : Math.max(star, 0);
            if (q > bestQ) {
                bestQ = q;
                best = CODINGS[i];
            }
        }
        return best;
    }
}
