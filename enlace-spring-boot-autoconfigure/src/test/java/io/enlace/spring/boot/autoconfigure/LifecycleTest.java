package io.enlace.spring.boot.autoconfigure;

import io.enlace.DisconnectReason;
import io.enlace.Socket;
import io.enlace.spring.annotation.OnDisconnect;
import io.enlace.spring.annotation.SocketIoController;
import io.enlace.spring.testing.JavaClients;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server starts and stops with the application context; the health indicator follows it. */
class LifecycleTest {

    static final BlockingQueue<String> REASONS = new LinkedBlockingQueue<>();

    @SocketIoController({"/", "/chat"})
    static class Recorder {
        @OnDisconnect
        void left(Socket socket, DisconnectReason reason) {
            REASONS.add(socket.nsp().name() + " " + reason.reason());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(EnlaceAutoConfiguration.class)
    @Import(Recorder.class)
    static class App {
    }

    @Test
    void closingTheContextDisconnectsEverySocketWithServerShuttingDownAndReleasesThePort() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("enlace.port=0", "enlace.host=127.0.0.1").run();
        EnlaceServerLifecycle lifecycle = context.getBean(EnlaceServerLifecycle.class);
        int port = lifecycle.port();
        assertThat(context.getEnvironment().getProperty("local.enlace.port", Integer.class)).isEqualTo(port);
        try (JavaClients clients = new JavaClients(port)) {
            // (over polling: the Java client 2.1.1 does not notice the server closing its WebSocket; Node's and
            // Python's clients do, see the sample's tests)
            io.socket.client.IO.Options polling = JavaClients.options(null, null);
            polling.transports = new String[] {"polling"};
            io.socket.client.Socket main = clients.socket("/", polling);
            assertThat(JavaClients.connectResult(main)).isEqualTo(true);
            io.socket.client.Socket chat = clients.connect("/chat", null, null);
            CompletableFuture<Object[]> mainGone = JavaClients.next(main, io.socket.client.Socket.EVENT_DISCONNECT);
            REASONS.clear();
            context.close();
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(lifecycle.isListening()).isFalse();
            // as with Node's io.close(): the sockets leave with "server shutting down", then the connections close
            assertThat(mainGone.get(10, TimeUnit.SECONDS)).containsExactly("transport close");
            List<String> reasons = List.of(REASONS.poll(10, TimeUnit.SECONDS), REASONS.poll(10, TimeUnit.SECONDS));
            assertThat(reasons).containsExactlyInAnyOrder("/ server shutting down", "/chat server shutting down");
        }
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // the port is free
        }
    }

    @Test
    void aPortInUseStopsTheStartUpWithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EnlaceAutoConfiguration.class))
                    .withPropertyValues("enlace.host=127.0.0.1", "enlace.port=" + taken.getLocalPort())
                    .run(context -> assertThat(EnlacePropertiesTest.messages(context.getStartupFailure()))
                            .contains("Enlace (Socket.IO) could not listen on 127.0.0.1:" + taken.getLocalPort())
                            .contains("set enlace.port to a free port, 0 for any; server.port is the web server's"));
        }
    }

    private final ApplicationContextRunner withActuator = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EnlaceAutoConfiguration.class,
                    EnlaceHealthContributorAutoConfiguration.class))
            .withPropertyValues("enlace.port=0", "enlace.host=127.0.0.1");

    @Test
    void healthIsUpWhileListeningAndDownOnceStopped() {
        withActuator.run(context -> {
            assertThat(context).hasBean("enlaceHealthIndicator"); // the component is "enlace"
            EnlaceHealthIndicator indicator = context.getBean(EnlaceHealthIndicator.class);
            EnlaceServerLifecycle lifecycle = context.getBean(EnlaceServerLifecycle.class);
            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("port", lifecycle.port()).containsEntry("path", "/socket.io/")
                    .containsEntry("connections", 0);
            lifecycle.stop();
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void healthIndicatorOffOrWithoutActuator() {
        withActuator.withPropertyValues("management.health.enlace.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EnlaceHealthIndicator.class));
        withActuator.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("enlaceHealthIndicator"));
    }
}
