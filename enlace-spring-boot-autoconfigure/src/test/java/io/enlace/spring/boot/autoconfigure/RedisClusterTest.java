package io.enlace.spring.boot.autoconfigure;

import io.enlace.Namespace;
import io.enlace.redis.RedisAdapterFactory;
import io.enlace.spring.annotation.OnEvent;
import io.enlace.spring.annotation.SocketIoController;
import io.enlace.spring.testing.JavaClients;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two applications with the same enlace.redis.uri form one cluster (a real redis-server on a free loopback port). */
class RedisClusterTest {

    private static Process redis;
    private static int redisPort;

    @SocketIoController
    static class Shouts {
        @OnEvent("shout")
        CompletableFuture<Integer> shout(Namespace nsp, String text) {
            nsp.emit("heard", text); // every node of the cluster
            // sockets on every node; composed, not waited for: a get() on the event loop is refused by Enlace
            return nsp.fetchSockets().thenApply(java.util.List::size);
        }
    }

    @BeforeAll
    static void startRedis() throws Exception {
        String binary = null;
        for (String p : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (new File(p).canExecute()) binary = p;
        }
        Requirements.require(binary != null, "redis-server is not installed (Debian package redis-server)");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            redisPort = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("enlace-spring-redis");
        redis = new ProcessBuilder(binary, "--port", Integer.toString(redisPort), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--loglevel", "warning")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoNodesShareBroadcastsAndSockets() {
        ApplicationContextRunner node = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EnlaceAutoConfiguration.class))
                .withUserConfiguration(Shouts.class)
                .withPropertyValues("enlace.port=0", "enlace.host=127.0.0.1",
                        "enlace.redis.uri=redis://127.0.0.1:" + redisPort, "enlace.redis.key=spring-test");
        node.run(one -> node.run(two -> {
            for (var c : new org.springframework.context.ApplicationContext[] {one, two}) {
                RedisAdapterFactory f = c.getBean(RedisAdapterFactory.class);
                f.connected().get(20, TimeUnit.SECONDS);
            }
            try (JavaClients a = new JavaClients(one.getBean(EnlaceServerLifecycle.class).port());
                 JavaClients b = new JavaClients(two.getBean(EnlaceServerLifecycle.class).port())) {
                io.socket.client.Socket ana = a.connect("/", null, null);
                io.socket.client.Socket bob = b.connect("/", null, null);
                CompletableFuture<Object[]> heard = JavaClients.next(bob, "heard");
                assertThat(JavaClients.ack(ana, "shout", "hola")).containsExactly(2);
                assertThat(heard.get(10, TimeUnit.SECONDS)).containsExactly("hola");
            }
        }));
    }
}
