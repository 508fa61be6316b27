package io.enlace.spring.boot.autoconfigure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.engine.AllowRequest;
import io.enlace.engine.EngineOptions;
import io.enlace.msgpack.MsgpackParser;
import io.enlace.parser.JsonParser;
import io.enlace.redis.RedisAdapter;
import io.enlace.redis.ShardedRedisAdapter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** enlace.* properties bound to the server's options, refused when inconsistent; customizers; backing off. */
class EnlacePropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EnlaceAutoConfiguration.class))
            .withPropertyValues("enlace.port=0", "enlace.host=127.0.0.1");

    @Test
    void defaultsAreNodes() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(SocketIoServer.class).hasSingleBean(EnlaceServerLifecycle.class);
            ServerOptions o = context.getBean(SocketIoServer.class).options();
            EngineOptions e = o.engine();
            assertThat(o.path()).isEqualTo("/socket.io/");
            assertThat(e.pingInterval()).isEqualTo(25_000);
            assertThat(e.pingTimeout()).isEqualTo(20_000);
            assertThat(e.upgradeTimeout()).isEqualTo(10_000);
            assertThat(e.maxHttpBufferSize()).isEqualTo(1_000_000);
            assertThat(e.transports()).containsExactly("polling", "websocket");
            assertThat(e.allowUpgrades()).isTrue();
            assertThat(e.httpCompression()).isTrue();
            assertThat(e.httpCompressionThreshold()).isEqualTo(1024);
            assertThat(e.perMessageDeflate()).isFalse();
            assertThat(e.allowEIO3()).isFalse();
            assertThat(e.cors()).isNull();
            assertThat(e.cookie()).isNull();
            assertThat(e.initialPacket()).isNull();
            assertThat(e.maxBufferedBytes()).isEqualTo(16L * 1024 * 1024);
            assertThat(o.connectTimeout()).isEqualTo(45_000);
            assertThat(o.connectionStateRecovery()).isNull();
            assertThat(o.cleanupEmptyChildNamespaces()).isFalse();
            assertThat(o.serveClient()).isTrue();
            assertThat(o.executor()).isNull();
            assertThat(o.blockedThreshold()).isEqualTo(2000);
            assertThat(o.parser()).isInstanceOf(JsonParser.class);
            EnlaceServerLifecycle lifecycle = context.getBean(EnlaceServerLifecycle.class);
            assertThat(lifecycle.isListening()).isTrue();
            assertThat(context.getEnvironment().getProperty("local.enlace.port", Integer.class)).isEqualTo(lifecycle.port());
        });
    }

    @Test
    void everyPropertyIsBound() {
        runner.withPropertyValues(
                "enlace.path=/rt", "enlace.ping-interval=10s", "enlace.ping-timeout=5000ms", "enlace.upgrade-timeout=3s",
                "enlace.max-http-buffer-size=2MB", "enlace.transports=websocket", "enlace.allow-upgrades=false",
                "enlace.http-compression=false", "enlace.http-compression-threshold=2KB",
                "enlace.per-message-deflate=true", "enlace.allow-eio3=true", "enlace.initial-packet=hello", "enlace.max-buffered-bytes=1MB",
                "enlace.connect-timeout=7s", "enlace.cleanup-empty-child-namespaces=true", "enlace.serve-client=false",
                "enlace.executor=virtual-threads", "enlace.blocked-threshold=0",
                "enlace.connection-state-recovery.enabled=true",
                "enlace.connection-state-recovery.max-disconnection-duration=30s",
                "enlace.connection-state-recovery.skip-middlewares=false",
                "enlace.cookie.enabled=true", "enlace.cookie.name=sid", "enlace.cookie.same-site=",
                "enlace.cors.origins=https://a.example,https://b.example", "enlace.cors.credentials=true",
                "enlace.cors.methods=GET,POST", "enlace.cors.allowed-headers=x-token", "enlace.cors.exposed-headers=x-id",
                "enlace.cors.max-age=1h").run(context -> {
            assertThat(context).hasNotFailed();
            ServerOptions o = context.getBean(SocketIoServer.class).options();
            EngineOptions e = o.engine();
            assertThat(o.path()).isEqualTo("/rt/");
            assertThat(e.pingInterval()).isEqualTo(10_000);
            assertThat(e.pingTimeout()).isEqualTo(5_000);
            assertThat(e.upgradeTimeout()).isEqualTo(3_000);
            assertThat(e.maxHttpBufferSize()).isEqualTo(2 * 1024 * 1024);
            assertThat(e.transports()).containsExactly("websocket");
            assertThat(e.allowUpgrades()).isFalse();
            assertThat(e.httpCompression()).isFalse();
            assertThat(e.httpCompressionThreshold()).isEqualTo(2048);
            assertThat(e.perMessageDeflate()).isTrue();
            assertThat(e.allowEIO3()).isTrue();
            assertThat(e.initialPacket()).isEqualTo("hello");
            assertThat(e.maxBufferedBytes()).isEqualTo(1024 * 1024);
            assertThat(o.connectTimeout()).isEqualTo(7_000);
            assertThat(o.cleanupEmptyChildNamespaces()).isTrue();
            assertThat(o.serveClient()).isFalse();
            assertThat(o.executor()).isNotNull();
            assertThat(o.blockedThreshold()).isZero();
            assertThat(o.connectionStateRecovery()).isEqualTo(new ServerOptions.Recovery(Duration.ofSeconds(30), false));
            assertThat(e.cookie().name()).isEqualTo("sid");
            assertThat(e.cookie().sameSite()).isNull();
            assertThat(e.cookie().httpOnly()).isTrue();
            assertThat(e.cors().allows("https://a.example")).isTrue();
            assertThat(e.cors().allows("https://b.example")).isTrue();
            assertThat(e.cors().allows("https://c.example")).isFalse();
            assertThat(e.cors().anyOrigin()).isFalse();
            assertThat(e.cors().credentials()).isTrue();
            assertThat(e.cors().methods()).containsExactly("GET", "POST");
            assertThat(e.cors().allowedHeaders()).containsExactly("x-token");
            assertThat(e.cors().exposedHeaders()).containsExactly("x-id");
            assertThat(e.cors().maxAge()).isEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void corsPatternsAndAnyOrigin() {
        runner.withPropertyValues("enlace.cors.origins=https://app.example",
                "enlace.cors.origin-patterns=https://.*\\.example\\.org").run(context -> {
            var cors = context.getBean(SocketIoServer.class).options().engine().cors();
            assertThat(cors.allows("https://app.example")).isTrue();
            assertThat(cors.allows("https://x.example.org")).isTrue();
            assertThat(cors.allows("https://example.org.evil")).isFalse();
            assertThat(cors.allowedHeaders()).isNull(); // reflect the request's
        });
        runner.withPropertyValues("enlace.cors.origins=*").run(context -> {
            var cors = context.getBean(SocketIoServer.class).options().engine().cors();
            assertThat(cors.anyOrigin()).isTrue();
            assertThat(cors.allows("https://anything")).isTrue();
        });
    }

    @Test
    void inconsistentSettingsStopTheStartUpWithTheirName() {
        assertFails("enlace.transports=polling,carrier-pigeon", "unknown transport: carrier-pigeon");
        assertFails("enlace.ping-interval=0s", "enlace.ping-interval must be positive");
        assertFails("enlace.connect-timeout=-1s", "enlace.connect-timeout must be positive");
        assertFails("enlace.blocked-threshold=-1s", "enlace.blocked-threshold must be >= 0");
        assertFails("enlace.cors.origins=*,https://a.example", "enlace.cors.origins=* allows every origin");
        assertFails("enlace.cors.origin-patterns=https://(", "enlace.cors.origin-patterns: 'https://(' is not a regular expression");
        assertFails("enlace.ssl.certificate=/nonexistent.pem", "needs both enlace.ssl.certificate and enlace.ssl.private-key");
        assertFails("enlace.redis.uri=not a uri", "enlace.redis.uri: 'not a uri' is not a Redis URI");
        assertFails("enlace.executor=threads", "enlace.executor");
    }

    private void assertFails(String property, String message) {
        runner.withPropertyValues(property).run(context -> assertThat(context).hasFailed()
                .getFailure().satisfies(f -> assertThat(messages(f)).contains(message)));
    }

    static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) sb.append(c.getMessage()).append('\n');
        return sb.toString();
    }

    @Test
    void optionalModulesMissingAreNamed() {
        runner.withClassLoader(new FilteredClassLoader("io.enlace.redis")).withPropertyValues("enlace.redis.uri=redis://127.0.0.1:1")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("enlace.redis.uri is set but io.enlace:enlace-redis is not on the class path"));
        runner.withClassLoader(new FilteredClassLoader("io.enlace.msgpack")).withPropertyValues("enlace.parser=msgpack")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("enlace.parser=msgpack needs io.enlace:enlace-msgpack"));
    }

    @Test
    void msgpackParser() {
        runner.withPropertyValues("enlace.parser=msgpack").run(context ->
                assertThat(context.getBean(SocketIoServer.class).options().parser()).isSameAs(MsgpackParser.instance()));
    }

    @Test
    void redisAdapterFromProperties() {
        // nothing listens on port 1: the adapter connects in the background and the server serves its own clients
        runner.withPropertyValues("enlace.redis.uri=redis://127.0.0.1:1", "enlace.redis.reconnect-delay-max=200ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SocketIoServer.class).sockets().adapter()).isInstanceOf(RedisAdapter.class);
                });
        runner.withPropertyValues("enlace.redis.uri=redis://127.0.0.1:1", "enlace.redis.adapter=sharded",
                "enlace.redis.subscription-mode=dynamic-private", "enlace.redis.reconnect-delay-max=200ms")
                .run(context -> assertThat(context.getBean(SocketIoServer.class).of("/x").adapter())
                        .isInstanceOf(ShardedRedisAdapter.class));
    }

    @Test
    void theApplicationObjectMapperBindsPayloads() {
        // the application's mapper (Spring Boot's JacksonAutoConfiguration makes it in a web application)
        ApplicationContextRunner withJackson = runner.withBean(ObjectMapper.class, () -> JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT).build());
        record Person(String firstName) {}
        withJackson.run(context -> {
            ObjectMapper m = context.getBean(SocketIoServer.class).options().objectMapper();
            assertThat(m).isNotSameAs(context.getBean(ObjectMapper.class)); // a copy: the app's stays as it is
            assertThat(m.writeValueAsString(new Person("Ana"))).isEqualTo("{\"first_name\":\"Ana\"}"); // compact
            assertThat(context.getBean(ObjectMapper.class).writeValueAsString(new Person("Ana"))).contains("\n");
        });
        withJackson.withPropertyValues("enlace.application-object-mapper=false").run(context -> {
            ObjectMapper m = context.getBean(SocketIoServer.class).options().objectMapper();
            assertThat(m.writeValueAsString(new Person("Ana"))).isEqualTo("{\"firstName\":\"Ana\"}");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        EnlaceEngineOptionsCustomizer onlyWithToken() {
            return engine -> engine.allowRequest(request -> CompletableFuture.completedFuture(
                    request.uri().contains("token=ok") ? AllowRequest.Decision.allow()
                            : AllowRequest.Decision.deny("token required")));
        }

        @Bean
        EnlaceServerOptionsCustomizer longerConnectTimeout() {
            return options -> options.connectTimeout(99_000);
        }

        @Bean
        EnlaceNettyServerCustomizer pingRoute() {
            return http -> http.route("/ping", request -> new io.netty.handler.codec.http.DefaultFullHttpResponse(
                    request.protocolVersion(), io.netty.handler.codec.http.HttpResponseStatus.OK,
                    io.netty.buffer.Unpooled.copiedBuffer("pong", java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    @Test
    void customizersSayWhatPropertiesCannot() {
        runner.withUserConfiguration(Customizers.class).run(context -> {
            assertThat(context).hasNotFailed();
            SocketIoServer io = context.getBean(SocketIoServer.class);
            assertThat(io.options().connectTimeout()).isEqualTo(99_000);
            int port = context.getBean(EnlaceServerLifecycle.class).port();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("token required");
            HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling&token=ok")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.body()).startsWith("0{\"sid\":");
            HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ping.body()).isEqualTo("pong");
        });
    }

    @Test
    void disabledOrUserDefinedServer() {
        runner.withPropertyValues("enlace.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(SocketIoServer.class).doesNotHaveBean(EnlaceServerLifecycle.class));
        SocketIoServer mine = SocketIoServer.create(ServerOptions.builder().path("/mine").build());
        runner.withBean(SocketIoServer.class, () -> mine).run(context -> {
            assertThat(context.getBean(SocketIoServer.class)).isSameAs(mine);
            assertThat(context.getBean(EnlaceServerLifecycle.class).isListening()).isTrue(); // still started
        });
    }

    @Test
    void configurationMetadataDescribesEveryProperty() throws Exception {
        JsonNode metadata;
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json (spring-boot-configuration-processor)").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        metadata.get("properties").forEach(p -> byName.put(p.get("name").asText(), p));
        for (String name : List.of("enlace.port", "enlace.host", "enlace.path", "enlace.ping-interval",
                "enlace.ping-timeout", "enlace.max-http-buffer-size", "enlace.transports", "enlace.cors.origins",
                "enlace.cors.credentials", "enlace.cookie.enabled", "enlace.connection-state-recovery.enabled",
                "enlace.redis.uri", "enlace.redis.adapter", "enlace.executor", "enlace.parser", "enlace.shutdown-timeout")) {
            assertThat(byName).as(name).containsKey(name);
            assertThat(byName.get(name).path("description").asText()).as(name + " description").isNotBlank();
        }
        assertThat(byName.get("enlace.port").get("defaultValue").asInt()).isEqualTo(3000);
        assertThat(byName.get("enlace.ping-interval").get("defaultValue").asText()).isEqualTo("25s");
        assertThat(byName.get("enlace.transports").get("defaultValue").toString()).isEqualTo("[\"polling\",\"websocket\"]");
    }
}
