package io.enlace;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * enlace-core as a named module: the other tests run on the class path (surefire's {@code useModulePath} is off, see
 * {@code docs/modules.md}), so this one boots the module {@code io.enlace} from {@code target/classes} and the Netty,
 * Jackson and SLF4J jars on a module layer of its own, checks what it exports, and serves a Socket.IO client from it
 * over long-polling on 127.0.0.1 (handshake, CONNECT, an event answered with an ack). A missing {@code requires} or a
 * reflective access the module does not allow fails here, not in an application.
 */
class ModuleLayerSmokeTest {
    static final Set<String> API = Set.of(ArchitectureTest.API);

    @Test
    void coreIsANamedModuleExportingOnlyTheApiAndServesSocketIo() throws Exception {
        ModuleLayer layer = layer();
        Module core = layer.findModule("io.enlace").orElseThrow();
        ModuleDescriptor d = core.getDescriptor();
        assertThat(d.isAutomatic()).isFalse();
        assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).as("qualified export %s", e).isFalse());
        assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .isEqualTo(API);
        assertThat(d.opens()).isEmpty();
        assertThat(d.packages()).contains("io.enlace.internal", "io.enlace.internal.engine", "io.enlace.internal.netty",
                "io.enlace.internal.socket");
        for (String p : d.packages()) {
            if (p.startsWith("io.enlace.internal")) assertThat(core.isExported(p)).as(p).isFalse();
        }

        ClassLoader loader = layer.findLoader("io.enlace");
        Class<?> serverType = Class.forName("io.enlace.SocketIoServer", true, loader);
        assertThat(serverType.getModule()).isSameAs(core);
        Object io = serverType.getMethod("create").invoke(null);
        Class<?> socketType = Class.forName("io.enlace.Socket", true, loader);
        Class<?> handlerType = Class.forName("io.enlace.Socket$EventHandler", true, loader);
        Class<?> argsType = Class.forName("io.enlace.Args", true, loader);
        Class<?> ackType = Class.forName("io.enlace.Ack", true, loader);
        Method string = argsType.getMethod("string", int.class);
        Method send = ackType.getMethod("send", Object[].class);
        InvocationHandler echo = (proxy, m, a) -> {
            if (m.getDeclaringClass() == Object.class) return m.invoke(this, a); // toString, hashCode, equals
            send.invoke(a[1], (Object) new Object[]{"echo:" + string.invoke(a[0], 0)});
            return null;
        };
        Object handler = Proxy.newProxyInstance(loader, new Class<?>[]{handlerType}, echo);
        Method on = socketType.getMethod("on", String.class, handlerType);
        Consumer<Object> onConnection = socket -> {
            try {
                on.invoke(socket, "echo", handler);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
        serverType.getMethod("onConnection", Consumer.class).invoke(io, onConnection);

        Class<?> nettyType = Class.forName("io.enlace.netty.NettyServer", true, loader);
        Class<?> builderType = Class.forName("io.enlace.netty.NettyServer$Builder", true, loader);
        Object builder = nettyType.getMethod("builder").invoke(null);
        builderType.getMethod("host", String.class).invoke(builder, "127.0.0.1");
        builderType.getMethod("port", int.class).invoke(builder, 0);
        serverType.getMethod("attach", builderType).invoke(io, builder);
        Object http = builderType.getMethod("build").invoke(builder);
        ((CompletableFuture<?>) nettyType.getMethod("start").invoke(http)).get(10, TimeUnit.SECONDS);
        try {
            int port = (int) nettyType.getMethod("port").invoke(http);
            talk(port);
        } finally {
            ((CompletableFuture<?>) serverType.getMethod("close").invoke(io)).get(10, TimeUnit.SECONDS);
            ((CompletableFuture<?>) nettyType.getMethod("stop").invoke(http)).get(10, TimeUnit.SECONDS);
        }
    }

    /** A Socket.IO client over long-polling, by hand: handshake, CONNECT to {@code /}, an event with an ack. */
    private static void talk(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling";
        String open = get(client, base);
        Matcher sid = Pattern.compile("^0\\{\"sid\":\"([^\"]+)\"").matcher(open);
        assertThat(sid.find()).as("open packet %s", open).isTrue();
        String url = base + "&sid=" + sid.group(1);
        assertThat(post(client, url, "40")).isEqualTo("ok");
        assertThat(get(client, url)).startsWith("40{\"sid\":\"");
        assertThat(post(client, url, "421[\"echo\",\"hi\"]")).isEqualTo("ok");
        assertThat(get(client, url)).isEqualTo("431[\"echo:hi\"]");
    }

    private static String get(HttpClient client, String url) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
        return r.body();
    }

    private static String post(HttpClient client, String url, String body) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s: %s", url, r.body()).isEqualTo(200);
        return r.body();
    }

    /**
     * A layer with {@code io.enlace} from {@code target/classes} and, from the test class path, the jars of Netty,
     * Jackson and SLF4J's API (explicit modules all), under the platform class loader: nothing of the class path
     * leaks in.
     */
    private static ModuleLayer layer() throws Exception {
        Path classes = Path.of(SocketIoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> paths = new ArrayList<>();
        paths.add(classes);
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (name.endsWith(".jar") && (name.startsWith("netty-") || name.startsWith("jackson-")
                    || name.startsWith("slf4j-api-"))) {
                paths.add(Path.of(e));
            }
        }
        ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("io.enlace"));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    }
}
