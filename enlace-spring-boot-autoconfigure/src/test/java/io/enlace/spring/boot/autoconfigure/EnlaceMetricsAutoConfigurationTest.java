package io.enlace.spring.boot.autoconfigure;

import io.enlace.SocketIoServer;
import io.enlace.micrometer.SocketIoMetrics;
import io.enlace.spring.annotation.OnEvent;
import io.enlace.spring.annotation.SocketIoController;
import io.enlace.spring.testing.JavaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.socket.client.Socket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EnlaceMetricsAutoConfiguration}: the socketio.* meters in the registry of Actuator's metrics
 * auto-configuration (here the simple registry; the sample checks Prometheus), counted from what a real client (the
 * official Java client) did; the switches and back-offs.
 */
class EnlaceMetricsAutoConfigurationTest {

    @SocketIoController("/")
    static class Echo {
        @OnEvent("ping")
        String ping(String text) {
            return text;
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EnlaceAutoConfiguration.class, EnlaceMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class))
            .withPropertyValues("enlace.port=0", "enlace.host=127.0.0.1");

    /** The count of a counter, whether a {@code Counter} or a {@code FunctionCounter} (-1 when there is none). */
    private static double counter(MeterRegistry r, String name, String... tags) {
        Meter m = r.find(name).tags(tags).meter();
        if (m == null) return -1;
        for (Measurement x : m.measure()) if (x.getStatistic() == Statistic.COUNT) return x.getValue();
        throw new AssertionError(name + " has no count: " + m.getId());
    }

    private static double gauge(MeterRegistry r, String name, String... tags) {
        Gauge g = r.find(name).tags(tags).gauge();
        return g == null ? -1 : g.value();
    }

    @Test
    void theMetersAreBoundToTheApplicationsRegistryAndCountWhatAClientDid() {
        runner.withUserConfiguration(Echo.class).run(context -> {
            assertThat(context).hasSingleBean(SocketIoMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            int port = context.getBean(EnlaceServerLifecycle.class).port();
            assertThat(gauge(registry, "socketio.sockets.connected", "namespace", "/")).isZero();
            assertThat(counter(registry, "socketio.events.received", "namespace", "/")).isZero();
            try (JavaClients clients = new JavaClients(port)) {
                Socket s = clients.connect("/", null, null);
                assertThat(JavaClients.ack(s, "ping", "uno")).containsExactly("uno");
                assertThat(JavaClients.ack(s, "ping", "dos")).containsExactly("dos");
                assertThat(gauge(registry, "socketio.sockets.connected", "namespace", "/")).isEqualTo(1);
                assertThat(gauge(registry, "socketio.engine.connections", "transport", "websocket")).isEqualTo(1);
                assertThat(counter(registry, "socketio.connects", "namespace", "/")).isEqualTo(1);
                assertThat(counter(registry, "socketio.events.received", "namespace", "/")).isEqualTo(2);
                // the handler timer samples one event in 16 of each socket: the first of the two
                assertThat(registry.find("socketio.handler.duration").tags("namespace", "/").functionTimer().count()).isEqualTo(1);
                assertThat(counter(registry, "socketio.received.packets")).isPositive();
                s.disconnect();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(counter(registry,
                        "socketio.disconnects", "namespace", "/", "reason", "client namespace disconnect")).isEqualTo(1));
                assertThat(gauge(registry, "socketio.sockets.connected", "namespace", "/")).isZero();
            }
        });
    }

    @Test
    void theBinderIsClosedWithTheContextAfterTheServer() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            SocketIoServer io = context.getBean(SocketIoServer.class);
            SimpleMeterRegistry watcher = new SimpleMeterRegistry(); // not a bean: outlives the context
            context.getBean(SocketIoMetrics.class).bindTo(watcher);
            io.of("/before");
            assertThat(counter(watcher, "socketio.connects", "namespace", "/before")).isZero(); // it does watch
            try (JavaClients clients = new JavaClients(context.getBean(EnlaceServerLifecycle.class).port())) {
                clients.connect("/", null, null);
                context.close(); // the server leaves each socket with "server shutting down", then the binder closes
            }
            // the binder outlives the server: the shutdown's disconnections are counted (in a registry still open:
            // Actuator closes its own registries as the context starts closing, before the server stops)...
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(counter(watcher,
                    "socketio.disconnects", "namespace", "/", "reason", "server shutting down")).isEqualTo(1));
            // ...then closed: it no longer observes the server
            io.of("/after");
            assertThat(watcher.find("socketio.connects").tags("namespace", "/after").counter()).isNull();
        });
    }

    @Test
    void offWithThePropertyOrWithoutTheServerOrARegistry() {
        runner.withPropertyValues("enlace.metrics.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(SocketIoServer.class).doesNotHaveBean(SocketIoMetrics.class);
            assertThat(context.getBean(MeterRegistry.class).find("socketio.sockets.connected").meters()).isEmpty();
        });
        // Spring Boot's own switch (a MeterFilter): the binder is there, its meters are not
        runner.withPropertyValues("management.metrics.enable.socketio=false").run(context -> {
            assertThat(context).hasSingleBean(SocketIoMetrics.class);
            assertThat(context.getBean(MeterRegistry.class).find("socketio.sockets.connected").meters()).isEmpty();
            assertThat(context.getBean(MeterRegistry.class).find("socketio.received.bytes").meters()).isEmpty();
        });
        runner.withPropertyValues("enlace.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(SocketIoServer.class).doesNotHaveBean(SocketIoMetrics.class));
        new ApplicationContextRunner() // Actuator on the class path, but its metrics not configured: no registry
                .withConfiguration(AutoConfigurations.of(EnlaceAutoConfiguration.class, EnlaceMetricsAutoConfiguration.class))
                .withPropertyValues("enlace.port=0", "enlace.host=127.0.0.1")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SocketIoServer.class)
                        .doesNotHaveBean(SocketIoMetrics.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class RegistryOfMyOwn {
        @Bean
        SimpleMeterRegistry myRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void backsOffWithoutEnlaceMicrometerOrWithoutActuatorsMetrics() {
        runner.withClassLoader(new FilteredClassLoader(SocketIoMetrics.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(SocketIoServer.class).doesNotHaveBean(SocketIoMetrics.class));
        // a registry but no Actuator: nothing would bind a MeterBinder bean, so none is made
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EnlaceAutoConfiguration.class, EnlaceMetricsAutoConfiguration.class))
                .withUserConfiguration(RegistryOfMyOwn.class)
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .withPropertyValues("enlace.port=0", "enlace.host=127.0.0.1")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SocketIoServer.class)
                        .doesNotHaveBean(SocketIoMetrics.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class MetricsOfMyOwn {
        @Bean
        SocketIoMetrics myMetrics(SocketIoServer io) {
            return SocketIoMetrics.builder(io).tags(Tags.of("app", "mine")).build();
        }
    }

    @Test
    void aSocketIoMetricsBeanOfTheApplicationReplacesTheAutoConfiguredOne() {
        runner.withUserConfiguration(MetricsOfMyOwn.class).run(context -> {
            assertThat(context).hasSingleBean(SocketIoMetrics.class).hasBean("myMetrics");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // bound once, the application's way (its tag on every meter)
            assertThat(registry.find("socketio.sockets.connected").tags("namespace", "/").gauges())
                    .singleElement().satisfies(g -> assertThat(g.getId().getTag("app")).isEqualTo("mine"));
            assertThat(registry.find("socketio.received.bytes").functionCounters())
                    .singleElement().satisfies(c -> assertThat(c.getId().getTag("app")).isEqualTo("mine"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class NamespaceTags {
        @Bean
        @Order(1)
        EnlaceMetricsCustomizer roomsShareOneTag() {
            return m -> m.namespaceTag(nsp -> nsp.name().startsWith("/room-") ? "/room-*" : nsp.name());
        }

        @Bean
        @Order(0)
        EnlaceMetricsCustomizer tagged() {
            return m -> m.tags(Tags.of("server", "a"));
        }
    }

    @Test
    void customizersChooseTheNamespaceTagOfDynamicNamespaces() {
        runner.withUserConfiguration(NamespaceTags.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            SocketIoServer io = context.getBean(SocketIoServer.class);
            io.of(Pattern.compile("^/room-\\d+$"));
            try (JavaClients clients = new JavaClients(context.getBean(EnlaceServerLifecycle.class).port())) {
                clients.connect("/room-7", null, null);
                clients.connect("/room-8", null, null);
                assertThat(counter(registry, "socketio.connects", "namespace", "/room-*", "server", "a")).isEqualTo(2);
                assertThat(gauge(registry, "socketio.sockets.connected", "namespace", "/room-*")).isEqualTo(2);
                // one time series for the rooms: neither /room-7 nor the parent's /_N
                assertThat(registry.find("socketio.connects").counters()).extracting(c -> c.getId().getTag("namespace"))
                        .containsExactlyInAnyOrder("/", "/room-*");
            }
        });
    }
}
