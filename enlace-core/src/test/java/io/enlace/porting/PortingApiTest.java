package io.enlace.porting;

import io.enlace.ConnectError;
import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The small API gaps a port runs into: typed auth and query, handlers without payload, allSockets. */
class PortingApiTest {

    public record Credentials(String token, String room, Integer level) {}

    public record Query(String lang, int page, List<String> tag) {}

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void typedAuthAndQuery(String transport) throws Exception {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        io.use((socket, next) -> {
            Credentials c = socket.handshake().auth(Credentials.class);
            if (!"secret".equals(c.token())) next.fail(new ConnectError("not authorized"));
            else next.ok();
        });
        io.onConnection(socket -> socket.on("whoami", (args, ack) -> {
            Credentials c = socket.handshake().auth(Credentials.class);
            Query q = socket.handshake().query(Query.class);
            ack.send(Map.of("room", c.room(), "level", String.valueOf(c.level()), "lang", q.lang(), "page", q.page() + 1,
                    "tag", q.tag()));
        }));
        try (Clients c = new Clients(io)) {
            Socket client = c.connect("/", transport, Map.of("token", "secret", "room", "r1"),
                    "lang=es&page=2&tag=a");
            JSONObject me = (JSONObject) Clients.call(client, "whoami")[0];
            assertThat(me.getString("room")).isEqualTo("r1");
            assertThat(me.getString("level")).isEqualTo("null"); // not sent
            assertThat(me.getString("lang")).isEqualTo("es");
            assertThat(me.getInt("page")).isEqualTo(3);
            assertThat(me.getJSONArray("tag").toString()).isEqualTo("[\"a\"]"); // one value, a list field
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> c.connect("/", transport, Map.of("token", "wrong"), null)).hasMessageContaining("not authorized");
        }
    }

    @Test
    void allowEio3OnASocketIoServerAsInNode() {
        // new Server({allowEIO3: true}) in Node serves Socket.IO v2 clients next to v4 ones: the same option here,
        // on the Socket.IO builder or through its engine options
        assertThat(ServerOptions.builder().allowEIO3(true).build().engine().allowEIO3()).isTrue();
        io.enlace.engine.EngineOptions eio3 = io.enlace.engine.EngineOptions.builder().allowEIO3(true).build();
        assertThat(ServerOptions.builder().engine(eio3).build().engine().allowEIO3()).isTrue();
        assertThat(eio3.allowEIO3()).isTrue();
        assertThat(io.enlace.engine.EngineOptions.builder().build().allowEIO3()).as("off by default").isFalse();
        assertThat(ServerOptions.builder().build().engine().allowEIO3()).as("off by default").isFalse();
        assertThat(eio3.toBuilder().build().allowEIO3()).isTrue();
    }

    @Test
    void aRepeatedQueryParameterBindsToAList() {
        io.enlace.Handshake h = new io.enlace.Handshake(Map.of(), "", "127.0.0.1", false, false, 0, "/",
                Map.of("lang", List.of("es"), "page", List.of("7"), "tag", List.of("a", "b")),
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("token", "t"));
        assertThat(h.query(Query.class)).isEqualTo(new Query("es", 7, List.of("a", "b")));
        assertThat(h.auth(Credentials.class)).isEqualTo(new Credentials("t", null, null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new io.enlace.Handshake(Map.of(), "", "", false, false, 0,
                "/", Map.of("page", List.of("x")), null).query(Query.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshake query is not a");
    }

    @Test
    void aTypedAuthThatDoesNotFitSaysWhy() throws Exception {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        io.use((socket, next) -> {
            try {
                socket.handshake().auth(Credentials.class);
                next.ok();
            } catch (IllegalArgumentException e) {
                errors.add(e);
                next.fail(new ConnectError("bad auth"));
            }
        });
        try (Clients c = new Clients(io)) {
            IO_FAIL:
            try {
                c.connect("/", "websocket", Map.of("level", "high"), null);
            } catch (AssertionError expected) {
                break IO_FAIL;
            }
            assertThat(errors.poll(5, TimeUnit.SECONDS)).hasMessageContaining("handshake auth is not a")
                    .hasMessageContaining("Credentials");
        }
    }

    @Test
    void handlersWithoutPayload() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        io.onConnection(socket -> {
            socket.on("typing", () -> seen.add("typing"));
            socket.on("stop typing", () -> seen.add("stop"));
        });
        try (Clients c = new Clients(io)) {
            Socket client = c.connect("websocket");
            client.emit("typing");
            client.emit("typing", "ignored", 42);
            client.emit("stop typing");
            assertThat(List.of(seen.poll(5, TimeUnit.SECONDS), seen.poll(5, TimeUnit.SECONDS), seen.poll(5, TimeUnit.SECONDS)))
                    .containsExactly("typing", "typing", "stop");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void allSocketsOnServerNamespaceAndRooms(String transport) throws Exception {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        io.onConnection(socket -> socket.on("join", (args, ack) -> {
            socket.join(args.string(0));
            ack.send("ok");
        }));
        io.of("/other").onConnection(socket -> { });
        try (Clients c = new Clients(io)) {
            Socket a = c.connect(transport);
            Socket b = c.connect(transport);
            Socket other = c.connect("/other", transport, null, null);
            Clients.call(a, "join", "u1");
            Clients.call(b, "join", "u1");
            Clients.call(b, "join", "u2");
            String ida = a.id(), idb = b.id();
            assertThat(io.allSockets().get(5, TimeUnit.SECONDS)).containsExactly(ida, idb);
            assertThat(io.sockets().allSockets().get(5, TimeUnit.SECONDS)).containsExactly(ida, idb);
            assertThat(io.in("u1").allSockets().get(5, TimeUnit.SECONDS)).containsExactly(ida, idb);
            assertThat(io.in("u2").allSockets().get(5, TimeUnit.SECONDS)).containsExactly(idb);
            assertThat(io.in("u1").except("u2").allSockets().get(5, TimeUnit.SECONDS)).containsExactly(ida);
            assertThat(io.local().in("u2").allSockets().get(5, TimeUnit.SECONDS)).containsExactly(idb);
            assertThat(io.in("nobody").allSockets().get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(io.of("/other").allSockets().get(5, TimeUnit.SECONDS)).containsExactly(other.id());
            Set<String> ids = io.allSockets().get(5, TimeUnit.SECONDS);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ids.add("x")).isInstanceOf(UnsupportedOperationException.class);
            b.disconnect();
            await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> io.in("u1").allSockets().get(5, TimeUnit.SECONDS).equals(Set.of(ida)));
            assertThat(io.in("u2").allSockets().get(5, TimeUnit.SECONDS)).isEmpty();
        }
    }
}
