package io.enlace.spring.boot.autoconfigure;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.enlace.ServerOptions;
import io.enlace.engine.CookieOptions;
import io.enlace.engine.CorsOptions;
import io.enlace.engine.EngineOptions;
import org.springframework.util.ClassUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns {@link EnlaceProperties} into {@link ServerOptions}; every inconsistent setting is refused by name. */
final class EnlaceOptionsFactory {

    private EnlaceOptionsFactory() {}

    static EngineOptions.Builder engine(EnlaceProperties p) {
        EngineOptions.Builder e = EngineOptions.builder()
                .pingInterval(millis(p.getPingInterval(), "enlace.ping-interval"))
                .pingTimeout(millis(p.getPingTimeout(), "enlace.ping-timeout"))
                .upgradeTimeout(millis(p.getUpgradeTimeout(), "enlace.upgrade-timeout"))
                .maxHttpBufferSize(p.getMaxHttpBufferSize().toBytes())
                .transports(List.copyOf(p.getTransports()))
                .allowUpgrades(p.isAllowUpgrades())
                .httpCompression(p.isHttpCompression())
                .httpCompressionThreshold(intBytes(p.getHttpCompressionThreshold().toBytes(),
                        "enlace.http-compression-threshold"))
                .perMessageDeflate(p.isPerMessageDeflate())
                .allowEIO3(p.isAllowEio3())
                .maxBufferedBytes(p.getMaxBufferedBytes().toBytes());
        if (p.getInitialPacket() != null && !p.getInitialPacket().isEmpty()) e.initialPacket(p.getInitialPacket());
        CorsOptions cors = cors(p.getCors());
        if (cors != null) e.cors(cors);
        EnlaceProperties.Cookie c = p.getCookie();
        if (c.isEnabled()) {
            String sameSite = c.getSameSite() == null || c.getSameSite().isEmpty() ? null : c.getSameSite();
            e.cookie(new CookieOptions(c.getName(), c.getPath(), c.isHttpOnly(), sameSite));
        }
        return e;
    }

    /**
     * @param engine          the engine options (properties and engine customizers applied)
     * @param applicationMapper the application's ObjectMapper, or null
     * @param executor        the handler executor, or null for the event loop
     * @param classLoader     the application's (optional modules are looked up in it)
     */
    static ServerOptions.Builder server(EnlaceProperties p, EngineOptions engine, ObjectMapper applicationMapper,
                                        Executor executor, ClassLoader classLoader) {
        ServerOptions.Builder b = ServerOptions.builder()
                .engine(engine)
                .path(p.getPath())
                .connectTimeout(millis(p.getConnectTimeout(), "enlace.connect-timeout"))
                .cleanupEmptyChildNamespaces(p.isCleanupEmptyChildNamespaces())
                .serveClient(p.isServeClient())
                .blockedThreshold(p.getBlockedThreshold().toMillis());
        if (p.getBlockedThreshold().isNegative()) {
            throw new IllegalArgumentException("enlace.blocked-threshold must be >= 0 (0 turns the check off), got "
                    + p.getBlockedThreshold());
        }
        EnlaceProperties.Recovery r = p.getConnectionStateRecovery();
        if (r.isEnabled()) {
            millis(r.getMaxDisconnectionDuration(), "enlace.connection-state-recovery.max-disconnection-duration");
            b.connectionStateRecovery(new ServerOptions.Recovery(r.getMaxDisconnectionDuration(), r.isSkipMiddlewares()));
        }
        if (applicationMapper != null) b.objectMapper(wireMapper(applicationMapper));
        if (executor != null) b.executor(executor);
        if (p.getParser() == EnlaceProperties.ParserKind.MSGPACK) {
            if (!ClassUtils.isPresent("io.enlace.msgpack.MsgpackParser", classLoader)) {
                throw new IllegalStateException("enlace.parser=msgpack needs io.enlace:enlace-msgpack on the class path");
            }
            b.parser(Msgpack.parser());
        }
        return b;
    }

    /**
     * A copy of the application's mapper for the wire: its modules, naming and coercion rules, but compact output and
     * trailing garbage refused when reading (as Enlace's own mapper).
     */
    static ObjectMapper wireMapper(ObjectMapper applicationMapper) {
        ObjectMapper m = applicationMapper.copy();
        m.disable(SerializationFeature.INDENT_OUTPUT);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return m;
    }

    static CorsOptions cors(EnlaceProperties.Cors c) {
        List<String> origins = c.getOrigins() == null ? List.of() : c.getOrigins();
        List<String> patterns = c.getOriginPatterns() == null ? List.of() : c.getOriginPatterns();
        if (origins.isEmpty() && patterns.isEmpty()) return null;
        CorsOptions.Builder b = CorsOptions.builder();
        if (origins.contains("*")) {
            if (origins.size() > 1 || !patterns.isEmpty()) {
                throw new IllegalArgumentException("enlace.cors.origins=* allows every origin: list no other origin "
                        + "or origin pattern beside it");
            }
            b.origin("*");
        } else if (patterns.isEmpty()) {
            b.origins(origins);
        } else {
            List<Pattern> compiled = new ArrayList<>();
            for (String s : patterns) {
                try {
                    compiled.add(Pattern.compile(s));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("enlace.cors.origin-patterns: '" + s + "' is not a regular "
                            + "expression: " + e.getDescription(), e);
                }
            }
            Set<String> exact = Set.copyOf(origins);
            Predicate<String> allowed = o -> {
                if (exact.contains(o)) return true;
                for (Pattern pattern : compiled) {
                    if (pattern.matcher(o).matches()) return true;
                }
                return false;
            };
            b.origin(allowed);
        }
        return b.credentials(c.isCredentials())
                .methods(List.copyOf(c.getMethods()))
                .allowedHeaders(c.getAllowedHeaders() == null ? null : List.copyOf(c.getAllowedHeaders()))
                .exposedHeaders(List.copyOf(c.getExposedHeaders()))
                .maxAge(c.getMaxAge())
                .build();
    }

    /** Loaded only when enlace-msgpack is present. */
    private static final class Msgpack {
        static io.enlace.parser.Parser parser() {
            return io.enlace.msgpack.MsgpackParser.instance();
        }
    }

    private static long millis(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d.toMillis();
    }

    private static int intBytes(long bytes, String name) {
        if (bytes < 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be from 0 to " + Integer.MAX_VALUE + " bytes, got " + bytes);
        }
        return (int) bytes;
    }
}
