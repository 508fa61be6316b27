package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.testing.Commands;
import io.enlace.testing.Requirements;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Node socket.io node of interop/redis/node-peer.js, driven by JSON lines. */
final class NodePeer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Writer in;
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Deque<JsonNode>> received = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    final int port;
    final String uid;

    NodePeer(int redisPort) throws Exception { this(redisPort, "classic"); }

    /** @param mode classic, sharded or specific (classic with publishOnSpecificResponseChannel) */
    NodePeer(int redisPort, String mode) throws Exception {
        Path dir = Path.of(System.getProperty("user.dir")).resolve("../interop/redis").normalize();
        assertThat(dir.resolve("package.json")).as("interop/redis").isRegularFile();
        Requirements.requireNode();
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            assertThat(Commands.exitCode(dir, 300, "npm", "ci", "--no-audit", "--no-fund")).as("npm ci in " + dir).isZero();
        }
        process = new ProcessBuilder("node", "node-peer.js", Integer.toString(redisPort), mode).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    JsonNode msg = JSON.readTree(line);
                    if (msg.has("ready")) ready.complete(msg);
                    else {
                        CompletableFuture<JsonNode> f = calls.remove(msg.get("id").asInt());
                        if (f == null) continue;
                        if (msg.has("error")) f.completeExceptionally(new IllegalStateException("node: " + msg.get("error").asText()));
                        else f.complete(msg.get("result"));
                    }
                }
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
            calls.values().forEach(f -> f.completeExceptionally(new IllegalStateException("node-peer exited")));
        }, "node-peer-reader");
        reader.setDaemon(true);
        reader.start();
        JsonNode r = ready.get(30, TimeUnit.SECONDS);
        port = r.get("port").asInt();
        uid = r.get("uid").asText();
    }

    /** Runs a command of node-peer.js and returns its (tagged) result. */
    JsonNode call(String cmd, Object... keyValues) throws Exception {
        ObjectNode args = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) args.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        calls.put(id, f);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("cmd", cmd);
        msg.set("args", args);
        synchronized (in) {
            in.write(JSON.writeValueAsString(msg) + "\n");
            in.flush();
        }
        return f.get(20, TimeUnit.SECONDS);
    }

    /**
     * Waits up to {@code ms} for the Node client {@code name} to receive {@code event}; returns the events it received
     * since the last call for this client, up to and including that one ([event, ...args] each), or fails. Events that
     * came after it are kept for the next call.
     */
    List<JsonNode> eventsUntil(String name, String event, long ms) {
        Deque<JsonNode> pending = received.computeIfAbsent(name, k -> new ArrayDeque<>());
        List<JsonNode> out = new ArrayList<>();
        await("Node client " + name + " receives " + event).atMost(Duration.ofMillis(ms)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    for (JsonNode e : call("clientEvents", "name", name).get("events")) pending.add(e);
                    while (!pending.isEmpty()) {
                        JsonNode e = pending.poll();
                        out.add(e);
                        if (e.get(0).asText().equals(event)) return true;
                    }
                    return false;
                });
        return out;
    }

    /** The event {@code event} as the Node client {@code name} received it ([event, ...args]); see {@link #eventsUntil}. */
    JsonNode event(String name, String event, long ms) {
        List<JsonNode> l = eventsUntil(name, event, ms);
        return l.get(l.size() - 1);
    }

    @Override
    public void close() throws Exception {
        try {
            in.close();
        } catch (Exception ignored) {
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
}
