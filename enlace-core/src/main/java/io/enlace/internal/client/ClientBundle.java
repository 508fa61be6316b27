package io.enlace.internal.client;


import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * The official socket.io-client browser bundle, loaded from class-path resources that the build of enlace-core
 * fetches with npm ({@code build-tools/fetch-npm-files.js}): the eight {@code dist/} files, each with a {@code .gz} and a
 * {@code .br} copy, a {@code VERSION} file and the client's {@code LICENSE}.
 *
 * <p>A bundle is either complete ({@link #present()}) or missing (with a {@link #missingReason() reason}); a partial
 * set of resources counts as missing. All bytes are read when the bundle is loaded, never on an event loop.
 */
final class ClientBundle {

    /** The served file names, exactly (the same set as the reference server after 4.8.3). */
    public static final List<String> FILE_NAMES = List.of(
            "socket.io.js", "socket.io.js.map",
            "socket.io.min.js", "socket.io.min.js.map",
            "socket.io.esm.min.js", "socket.io.esm.min.js.map",
            "socket.io.msgpack.min.js", "socket.io.msgpack.min.js.map");

    /** Where the build puts the bundle on the class path. */
    public static final String DEFAULT_BASE = "io/enlace/client-dist/";

    private static volatile ClientBundle defaultBundle;

    private final String version;
    private final String missingReason;
    private final Map<String, ClientFile> files;

    private ClientBundle(String version, String missingReason, Map<String, ClientFile> files) {
        this.version = version;
        this.missingReason = missingReason;
        this.files = files;
    }

    /** The bundle packaged with enlace-core, loaded once per class loader of this class. */
    public static ClientBundle defaultBundle() {
        ClientBundle b = defaultBundle;
        if (b == null) {
            synchronized (ClientBundle.class) {
                b = defaultBundle;
                if (b == null) {
                    ClassLoader cl = ClientBundle.class.getClassLoader();
                    b = load(cl != null ? cl : ClassLoader.getSystemClassLoader(), DEFAULT_BASE);
                    defaultBundle = b;
                }
            }
        }
        return b;
    }

    /**
     * Loads a bundle from {@code base} (a resource directory ending with {@code /}) of {@code loader}. Never throws
     * for missing or unreadable resources: the result is then a missing bundle.
     */
    public static ClientBundle load(ClassLoader loader, String base) {
        Objects.requireNonNull(loader, "loader");
        String dir = base.endsWith("/") ? base : base + "/";
        try {
            byte[] versionBytes = read(loader, dir + "VERSION");
            if (versionBytes == null) {
                return missing("no " + dir + "VERSION resource on the class path");
            }
            String version = new String(versionBytes, StandardCharsets.UTF_8).trim();
            if (version.isEmpty() || !version.matches("[0-9A-Za-z.+-]+")) {
                return missing("invalid version in " + dir + "VERSION: '" + version + "'");
            }
            Map<String, ClientFile> files = new LinkedHashMap<>();
            for (String name : FILE_NAMES) {
                byte[] identity = read(loader, dir + name);
                byte[] gzip = read(loader, dir + name + ".gz");
                byte[] brotli = read(loader, dir + name + ".br");
                if (identity == null || gzip == null || brotli == null) {
                    return missing("incomplete bundle in " + dir + ": " + name + " (or its .gz/.br copy) is missing");
                }
                files.put(name, new ClientFile(name, contentType(name), identity, gzip, brotli));
            }
            return new ClientBundle(version, null, Map.copyOf(files));
        } catch (IOException e) {
            return missing("cannot read " + dir + ": " + e);
        }
    }

    private static ClientBundle missing(String reason) {
        return new ClientBundle(null, reason, Map.of());
    }

    private static byte[] read(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    static String contentType(String name) {
        return name.endsWith(".map") ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8";
    }

    /** Whether the complete bundle was found. */
    public boolean present() { return version != null; }

    /** The socket.io-client version of the bundle (e.g. {@code 4.8.4}), or null when missing. */
    public String version() { return version; }

    /** Why the bundle is missing, or null when it is present. */
    public String missingReason() { return missingReason; }

    /** The file with this exact name, or null (unknown name, or missing bundle). */
    public ClientFile file(String name) { return files.get(name); }

    /** One bundle file with its precompressed copies. */
    public static final class ClientFile {
        private final String name;
        private final String contentType;
        private final byte[] identity;
        private final byte[] gzip;
        private final byte[] brotli;
        private volatile byte[] deflate;

        ClientFile(String name, String contentType, byte[] identity, byte[] gzip, byte[] brotli) {
            this.name = name;
            this.contentType = contentType;
            this.identity = identity;
            this.gzip = gzip;
            this.brotli = brotli;
        }

        /** The file name. */
        public String name() { return name; }

        /** The Content-Type to answer with. */
        public String contentType() { return contentType; }

        /** The body for a content coding: {@code null} (identity), {@code br}, {@code gzip} or {@code deflate}. */
        byte[] body(String coding) {
            if (coding == null) return identity;
            switch (coding) {
                case "br": return brotli;
                case "gzip": return gzip;
                case "deflate": return deflate();
                default: throw new IllegalArgumentException(coding);
            }
        }

        /** zlib-wrapped deflate (RFC 1950, as HTTP's {@code deflate} coding), computed at first use and kept. */
        private byte[] deflate() {
            byte[] d = deflate;
            if (d == null) {
                Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
                try {
                    deflater.setInput(identity);
                    deflater.finish();
                    byte[] buf = new byte[Math.max(1024, identity.length / 2)];
                    int n = 0;
                    while (!deflater.finished()) {
                        if (n == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                        n += deflater.deflate(buf, n, buf.length - n);
                    }
                    d = Arrays.copyOf(buf, n);
                } finally {
                    deflater.end();
                }
                deflate = d;
            }
            return d;
        }
    }
}
