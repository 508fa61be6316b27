package io.enlace.interop;

import io.enlace.ConnectError;
import io.enlace.Namespace;
import io.enlace.ServerOptions;
import io.enlace.Socket;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The server the external clients talk to, and helpers to run them. */
final class InteropServers {
    private InteropServers() {}

    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "interop-timer");
        t.setDaemon(true);
        return t;
    });

    /** A server with every handler the interop scenarios use. */
    static SocketIoServer server(boolean recovery) {
        ServerOptions.Builder b = ServerOptions.builder().pingInterval(2000).pingTimeout(2000);
        if (recovery) b.connectionStateRecovery(ServerOptions.Recovery.defaults());
        SocketIoServer io = SocketIoServer.create(b.build());
        handlers(io, io.sockets());
        handlers(io, io.of("/admin"));
        handlers(io, io.of(Pattern.compile("/dyn-\\d+")));
        Namespace priv = io.of("/private");
        priv.use((socket, next) -> {
            if ("secret".equals(socket.handshake().auth().path("token").asText())) {
                next.ok();
            } else {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("code", 42);
                data.put("hint", "send the secret");
                next.fail(new ConnectError("not authorized", data));
            }
        });
        handlers(io, priv);
        return io;
    }

    private static void handlers(SocketIoServer io, Namespace nsp) {
        nsp.onConnection(s -> {
            s.emit("auth", s.handshake().auth());
            s.on("whoami", (args, ack) -> ack.send(Map.of("auth", s.handshake().auth(), "id", s.id())));
            s.on("nsp", (args, ack) -> ack.send(s.nsp().name()));
            s.on("message", (args, ack) -> s.emit("message-back", args.toArray()));
            s.on("echo", (args, ack) -> ack.send(args.toArray()));
            s.on("echo-binary", (args, ack) -> ack.send(args.toArray()));
            s.on("send-me-binary", (args, ack) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", "blob");
                m.put("data", new byte[]{9, 8, 7});
                s.emit("binary-from-server", m);
            });
            s.on("ask-me", (args, ack) -> s.timeout(Duration.ofSeconds(3)).emitWithAck("question", args.node(0))
                    .thenAccept(answer -> s.emit("server-got", answer.node(0))));
            s.on("ask-me-timeout", (args, ack) -> s.timeout(Duration.ofMillis(200)).emitWithAck("ignored-question")
                    .whenComplete((answer, err) -> s.emit("server-timeout", err == null ? "answered" : rootMessage(err))));
            s.on("join", (args, ack) -> { s.join(args.string(0)); ack.send(); });
            s.on("to-room", (args, ack) -> s.to(args.string(0)).emit("room-msg", args.node(1)));
            s.on("broadcast-all", (args, ack) -> s.nsp().emit("everyone", args.node(0)));
            s.on("broadcast-later", (args, ack) -> {
                long ms = args.node(0).asLong();
                TIMER.schedule(() -> s.nsp().to("news").emit("news", 1), ms, TimeUnit.MILLISECONDS);
                ack.send();
            });
            s.on("rooms", (args, ack) -> ack.send(new ArrayList<>(s.rooms())));
            s.on("kick-me", (args, ack) -> s.disconnect(false));
            s.on("ping-server", (args, ack) -> ack.send("pong", args.node(0)));
        });
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c.getCause() != null) && c.getCause() != null) c = c.getCause();
        return c.getMessage();
    }

    /** Starts the server on a free port. */
    static NettyServer start(SocketIoServer io) { return io.listen(0).join(); }

    /** The repository root (the folder holding {@code interop/}), or null. */
    static Path repoRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            if (Files.isDirectory(p.resolve("interop"))) return p;
        }
        return null;
    }

    /** True when {@code cmd} runs (e.g. {@code node --version}). */
    static boolean available(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The result of a client run. */
    record Run(int exit, String output) {
        List<String> passed() {
            List<String> out = new ArrayList<>();
            for (String line : output.split("\n")) if (line.startsWith("OK ")) out.add(line.substring(3).trim());
            return out;
        }
    }

    /** Runs a command in {@code dir}, bounded in time; the process is killed on timeout. */
    static Run run(File dir, long timeoutSec, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir).redirectErrorStream(true).start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(2000);
            return new Run(-1, "TIMEOUT\n" + (out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8)));
        }
        reader.join(5000);
        return new Run(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
    }
}
