package io.enlace.internal.client;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ClientFilesHandler} on a synthetic bundle written to a temporary class-path directory. */
class ClientFilesHandlerTest {

    private static final String VERSION = "9.8.7-test";

    @TempDir
    Path dir;

    private final List<FullHttpResponse> responses = new ArrayList<>();
    private URLClassLoader loader;
    private ClientFilesHandler handler;

    static byte[] content(String name) {
        StringBuilder sb = new StringBuilder("/* " + name + " */\n");
        for (int i = 0; i < 200; i++) sb.append("var x").append(i).append(" = \"").append(name).append("\";\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** The .br copies are opaque to the server; a recognisable marker is enough to see which copy was sent. */
    static byte[] fakeBrotli(String name) {
        return ("BROTLI:" + name).getBytes(StandardCharsets.UTF_8);
    }

    private Path writeBundle(String sub, boolean complete) throws IOException {
        Path base = dir.resolve(sub).resolve("io/enlace/client-dist");
        Files.createDirectories(base);
        Files.writeString(base.resolve("VERSION"), VERSION + "\n");
        for (String name : ClientBundle.FILE_NAMES) {
            Files.write(base.resolve(name), content(name));
            Files.write(base.resolve(name + ".gz"), gzip(content(name)));
            if (complete || !name.equals("socket.io.min.js")) {
                Files.write(base.resolve(name + ".br"), fakeBrotli(name));
            }
        }
        return dir.resolve(sub);
    }

    private static URLClassLoader loaderOf(Path root) throws IOException {
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    @BeforeEach
    void setUp() throws IOException {
        loader = loaderOf(writeBundle("full", true));
        ClientBundle bundle = ClientBundle.load(loader, ClientBundle.DEFAULT_BASE);
        assertThat(bundle.present()).as(String.valueOf(bundle.missingReason())).isTrue();
        handler = new ClientFilesHandler("/socket.io/", bundle);
    }

    @AfterEach
    void tearDown() throws IOException {
        for (FullHttpResponse r : responses) {
            boolean empty = r.content().capacity() == 0; // the shared empty buffer cannot be released
            r.release();
            if (!empty) assertThat(r.refCnt()).isZero();
        }
        loader.close();
    }

    private FullHttpResponse get(String uri, String... headers) {
        return request(HttpMethod.GET, uri, headers);
    }

    private FullHttpResponse request(HttpMethod method, String uri, String... headers) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        for (int i = 0; i < headers.length; i += 2) req.headers().add(headers[i], headers[i + 1]);
        try {
            FullHttpResponse res = handler.handle(req);
            if (res != null) responses.add(res);
            return res;
        } finally {
            req.release();
        }
    }

    private static byte[] body(FullHttpResponse res) {
        return ByteBufUtil.getBytes(res.content());
    }

    @Test
    void servesEachOfTheEightFilesWithItsHeaders() {
        assertThat(ClientBundle.FILE_NAMES).hasSize(8).doesNotHaveDuplicates();
        for (String name : ClientBundle.FILE_NAMES) {
            FullHttpResponse res = get("/socket.io/" + name);
            assertThat(res).as(name).isNotNull();
            assertThat(res.status()).isEqualTo(HttpResponseStatus.OK);
            assertThat(res.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo(name.endsWith(".map")
                    ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8");
            assertThat(res.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("public, max-age=0");
            assertThat(res.headers().get(HttpHeaderNames.ETAG)).isEqualTo("\"" + VERSION + "\"");
            assertThat(res.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
            assertThat(body(res)).isEqualTo(content(name));
            assertThat(res.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(content(name).length);
        }
    }

    @Test
    void acceptsAQueryString() {
        FullHttpResponse res = get("/socket.io/socket.io.min.js?v=4&t=abc");
        assertThat(res.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(body(res)).isEqualTo(content("socket.io.min.js"));
        assertThat(get("/socket.io/socket.io.js.map?").status()).isEqualTo(HttpResponseStatus.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/socket.io/", "/socket.io", "/socket.io/?EIO=4&transport=polling", "/socket.io/socket.io.slim.js",
        "/socket.io/socket.io.js.gz", "/socket.io/socket.io.js.br", "/socket.io/VERSION", "/socket.io/LICENSE",
        "/socket.io/socket.io.min.js.map.map", "/socket.io/sub/socket.io.js", "/socket.io//socket.io.js",
        "/socket.io.js", "/socket.iox/socket.io.js", "/other/socket.io/socket.io.js", "/socket.io/Socket.io.js",
        "/socket.io/socket.io.jsx", "/socket.io/../socket.io/socket.io.js", "*"
    })
    void leavesEverythingElseToTheEngine(String uri) {
        assertThat(get(uri)).isNull();
    }

    @Test
    void leavesOtherMethodsToTheEngine() {
        assertThat(request(HttpMethod.POST, "/socket.io/socket.io.js")).isNull();
        assertThat(request(HttpMethod.OPTIONS, "/socket.io/socket.io.js")).isNull();
    }

    @Test
    void answersHeadWithHeadersOnly() {
        FullHttpResponse res = request(HttpMethod.HEAD, "/socket.io/socket.io.js", "Accept-Encoding", "gzip");
        assertThat(res.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(res.content().readableBytes()).isZero();
        assertThat(res.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(res.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isGreaterThan(0);
    }

    @Test
    void servesAnAbsoluteFormTarget() {
        assertThat(get("http://localhost:3000/socket.io/socket.io.js").status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(get("http://localhost:3000/other.js")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"" + VERSION + "\"", "W/\"" + VERSION + "\"", "\"1.0\", \"" + VERSION + "\"", "*"})
    void answers304WhenTheTagMatches(String ifNoneMatch) {
        FullHttpResponse res = get("/socket.io/socket.io.js", "If-None-Match", ifNoneMatch, "Accept-Encoding", "br");
        assertThat(res.status()).isEqualTo(HttpResponseStatus.NOT_MODIFIED);
        assertThat(res.content().readableBytes()).isZero();
        assertThat(res.headers().get(HttpHeaderNames.ETAG)).isEqualTo("\"" + VERSION + "\"");
        assertThat(res.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("public, max-age=0");
        assertThat(res.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"4.8.4\"", VERSION, "W/" + VERSION, "\"" + VERSION + "-x\"", ""})
    void answers200WhenTheTagDiffers(String ifNoneMatch) {
        FullHttpResponse res = get("/socket.io/socket.io.js", "If-None-Match", ifNoneMatch);
        assertThat(res.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(body(res)).isEqualTo(content("socket.io.js"));
    }

    @Test
    void sendsBrotliWhenAccepted() {
        FullHttpResponse res = get("/socket.io/socket.io.esm.min.js", "Accept-Encoding", "gzip, deflate, br, zstd");
        assertThat(res.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("br");
        assertThat(res.headers().get(HttpHeaderNames.VARY)).isEqualTo("Accept-Encoding");
        assertThat(body(res)).isEqualTo(fakeBrotli("socket.io.esm.min.js"));
        assertThat(res.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(body(res).length);
    }

    @Test
    void sendsGzipThatDecodesToTheFile() throws IOException {
        FullHttpResponse res = get("/socket.io/socket.io.js.map", "Accept-Encoding", "gzip, deflate");
        assertThat(res.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(res.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json; charset=utf-8");
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body(res)))) {
            assertThat(in.readAllBytes()).isEqualTo(content("socket.io.js.map"));
        }
    }

    @Test
    void sendsDeflateThatDecodesToTheFileAndComputesItOnce() throws IOException {
        FullHttpResponse a = get("/socket.io/socket.io.msgpack.min.js", "Accept-Encoding", "deflate");
        FullHttpResponse b = get("/socket.io/socket.io.msgpack.min.js", "Accept-Encoding", "deflate, identity");
        assertThat(a.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("deflate");
        try (InflaterInputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(body(a)))) {
            assertThat(in.readAllBytes()).isEqualTo(content("socket.io.msgpack.min.js"));
        }
        assertThat(body(b)).isEqualTo(body(a));
        ClientBundle.ClientFile file = handler.bundle().file("socket.io.msgpack.min.js");
        assertThat(file.body("deflate")).isSameAs(file.body("deflate"));
        assertThat(body(a).length).isLessThan(content("socket.io.msgpack.min.js").length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "NONE|NONE", "''|NONE", "identity|NONE", "gzip|gzip", "GZIP|gzip", "x-gzip|gzip", "deflate|deflate", "br|br",
        "gzip, deflate, br|br", "deflate, gzip|gzip", "br;q=0.5, gzip|gzip", "br;q=0.5, gzip;q=0.5|br",
        "gzip;q=0.2, deflate;q=0.9|deflate", "*|br", "br;q=0, *|gzip", "br;q=0, gzip;q=0, *;q=0.1|deflate",
        "*;q=0|NONE", "gzip;q=0|NONE", "gzip;q=abc|NONE", "gzip;q=2|NONE", "compress, zstd|NONE",
        " gzip ; q=0.8 , br ; q=0.9 |br", ",,gzip,|gzip"
    })
    void negotiatesContentCoding(String header, String expected) {
        assertThat(ClientFilesHandler.negotiate(header)).isEqualTo(expected);
    }

    @Test
    void normalizesTheServerPath() {
        assertThat(new ClientFilesHandler("socket.io", handler.bundle()).prefix()).isEqualTo("/socket.io/");
        assertThat(new ClientFilesHandler("/custom/path//", handler.bundle()).prefix()).isEqualTo("/custom/path/");
        ClientFilesHandler root = new ClientFilesHandler("/", handler.bundle());
        assertThat(root.prefix()).isEqualTo("/");
        assertThat(root.fileName("/socket.io.js")).isEqualTo("socket.io.js");
        assertThat(handler.routePrefix()).isEqualTo("/socket.io/socket.io.");
        for (String name : ClientBundle.FILE_NAMES) assertThat("/socket.io/" + name).startsWith(handler.routePrefix());
        ClientFilesHandler custom = new ClientFilesHandler("/custom/", handler.bundle());
        assertThat(custom.fileName("/custom/socket.io.min.js?x=1")).isEqualTo("socket.io.min.js");
        assertThat(custom.fileName("/socket.io/socket.io.min.js")).isNull();
    }

    @Test
    void missingBundleLogsAWarningAndAnswers404() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (URLClassLoader emptyLoader = loaderOf(empty)) {
            ClientBundle bundle = ClientBundle.load(emptyLoader, ClientBundle.DEFAULT_BASE);
            assertThat(bundle.present()).isFalse();
            assertThat(bundle.version()).isNull();
            assertThat(bundle.missingReason()).contains("VERSION");
            assertThat(bundle.file("socket.io.js")).isNull();

            String log = captureStderr(() -> handler = new ClientFilesHandler("/socket.io", bundle));
            assertThat(log).contains("WARN").contains("socket.io-client bundle is not packaged")
                    .contains("/socket.io/socket.io.js").contains("404");

            for (String name : ClientBundle.FILE_NAMES) {
                FullHttpResponse res = get("/socket.io/" + name + "?x=1", "Accept-Encoding", "br");
                assertThat(res.status()).as(name).isEqualTo(HttpResponseStatus.NOT_FOUND);
                assertThat(res.headers().contains(HttpHeaderNames.ETAG)).isFalse();
            }
            assertThat(get("/socket.io/?EIO=4&transport=polling")).isNull();
            assertThat(get("/socket.io/socket.io.slim.js")).isNull();
        }
    }

    @Test
    void partialBundleCountsAsMissing() throws IOException {
        try (URLClassLoader partial = loaderOf(writeBundle("partial", false))) {
            ClientBundle bundle = ClientBundle.load(partial, ClientBundle.DEFAULT_BASE);
            assertThat(bundle.present()).isFalse();
            assertThat(bundle.missingReason()).contains("socket.io.min.js");
        }
    }

    @Test
    void invalidVersionCountsAsMissing() throws IOException {
        Path root = writeBundle("badversion", true);
        Files.writeString(root.resolve("io/enlace/client-dist/VERSION"), "4.8.4\"; rm -rf\n");
        try (URLClassLoader l = loaderOf(root)) {
            assertThat(ClientBundle.load(l, ClientBundle.DEFAULT_BASE).present()).isFalse();
        }
    }

    private static String captureStderr(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
