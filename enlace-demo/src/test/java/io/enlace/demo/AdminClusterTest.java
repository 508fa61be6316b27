package io.enlace.demo;

import io.enlace.testing.InteropScript;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

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
             NodePeer node = new NodePeer(dir, "admin-node.mjs", Integer.toString(redis.port()), "node-A")) {
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
}
