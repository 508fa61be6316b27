package io.enlace.demo;

import io.enlace.testing.InteropScript;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One admin UI over a mixed cluster on a real redis-server: the Enlace demo ({@code --redis}, {@code --admin-password})
 * and a Node socket.io 4.8 node instrumented with {@code @socket.io/admin-ui} 0.5.1 on the classic
 * {@code @socket.io/redis-adapter} ({@code interop/admin/admin-node.mjs}). socket.io-client acts as the UI on either
 * node ({@code interop/admin/cluster-ui.mjs}): both servers listed, all_sockets and the development events across
 * nodes, commands reaching the other node's sockets.
 */
class AdminClusterTest {

    @Test
    void oneUiSeesAndDrivesAnEnlaceNodeAndANodeNode() throws Exception {
        RedisProcess.assumeInstalled();
        Requirements.requireNode();
        Path dir = Requirements.interopDir().resolve("admin");
        Requirements.requireNodeModules(dir, "socket.io", "@socket.io/admin-ui", "@socket.io/redis-adapter", "socket.io-client");
        try (RedisProcess redis = RedisProcess.start();
             SeedDemo enlace = SeedDemo.start("127.0.0.1", 0, ClusterMode.from(redis.url(), null),
                     new Observability.Admin("admin", "s3cret"));
             AdminNode node = new AdminNode(dir, redis.port(), "node-A")) {
            RedisCheck.awaitServers(redis.url(), "/admin", 2);
            RedisCheck.awaitServers(redis.url(), "/", 2);
            String enlaceId = enlace.adminServerId();
            InteropScript.run("admin-cluster", 180, "node", "admin/cluster-ui.mjs", enlace.url("127.0.0.1").replaceAll("/$", ""),
                            "http://127.0.0.1:" + node.port, enlaceId, "node-A")
                    .assertPassed(7, "the UI on the Enlace node lists both servers", "the UI on the Node node lists both servers",
                            "all_sockets spans both nodes", "development events of the Node node reach the UI on the Enlace node",
                            "development events of the Enlace node reach the UI on the Node node",
                            "commands from the UI on the Enlace node reach sockets of both nodes",
                            "a command from the UI on the Node node disconnects a socket of the Enlace node");
        }
    }

    /** interop/admin/admin-node.mjs: prints READY port, stops when its stdin closes. */
    static final class AdminNode implements AutoCloseable {
        final Process process;
        final int port;

        AdminNode(Path dir, int redisPort, String serverId) throws Exception {
            process = new ProcessBuilder("node", "admin-node.mjs", Integer.toString(redisPort), serverId).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            CompletableFuture<Integer> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("READY ")) ready.complete(Integer.parseInt(line.substring(6).trim()));
                        else System.out.println("[admin-node] " + line);
                    }
                } catch (Exception e) {
                    ready.completeExceptionally(e);
                }
                ready.completeExceptionally(new IllegalStateException("admin-node.mjs exited"));
            }, "admin-node-out");
            reader.setDaemon(true);
            reader.start();
            try {
                port = ready.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
