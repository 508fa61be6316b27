package io.enlace.porting;

import io.enlace.DisconnectReason;
import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.socket.client.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Node's lifecycle event names on sockets and namespaces: they work as in Node, or fail at once with a message. */
class LifecycleEventsTest {

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void disconnectAndDisconnectingByTheirNodeNamesGetTheReason(String transport) throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        io.on("connection", socket -> {
            socket.join("lobby");
            socket.on("disconnecting", (args, ack) ->
                    seen.add("disconnecting " + args.string(0) + " rooms=" + List.copyOf(socket.rooms()).subList(1, 2)));
            socket.on("disconnect", (args, ack) -> seen.add("disconnect " + args.string(0) + " size=" + args.size()
                    + " requested=" + ack.requested()));
            socket.on("disconnect", DisconnectReason.class, (reason, ack) -> seen.add("typed " + reason.name()));
            socket.on("disconnect", () -> seen.add("no-args"));
        });
        try (Clients c = new Clients(io)) {
            Socket client = c.connect(transport);
            client.disconnect(); // sends DISCONNECT: "client namespace disconnect"
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnecting client namespace disconnect rooms=[lobby]");
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnect client namespace disconnect size=1 requested=false");
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("typed CLIENT_NAMESPACE_DISCONNECT");
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("no-args");
        }
    }

    @Test
    void disconnectFromTheServerSideAndOff() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        io.of("/chat").on("connect", socket -> { // "connect" is Node's alias of "connection"
            socket.on("disconnect", (args, ack) -> seen.add("removed"));
            socket.off("disconnect");
            socket.onDisconnect((reason, description) -> seen.add("listener " + reason.reason()));
            socket.on("disconnect", (args, ack) -> seen.add("on " + args.string(0)));
            socket.on("bye", (args, ack) -> socket.disconnect(true));
        });
        try (Clients c = new Clients(io)) {
            Socket client = c.connect("/chat", "websocket", null, null);
            client.emit("bye");
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("listener server namespace disconnect");
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("on server namespace disconnect");
            assertThat(seen.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void errorByItsNodeNameGetsTheThrowable() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        io.onConnection(socket -> {
            socket.on("error", Throwable.class, (err, ack) -> seen.add(err));
            socket.on("error", (args, ack) -> seen.add("text: " + args.node(0).asText()));
            socket.on("fail", (args, ack) -> {
                throw new IllegalStateException("boom " + args.string(0));
            });
            socket.on("stop-listening", (args, ack) -> {
                socket.off("error");
                ack.send("ok");
            });
        });
        try (Clients c = new Clients(io)) {
            Socket client = c.connect("websocket");
            client.emit("fail", "one");
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasFieldOrPropertyWithValue("message", "boom one");
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("text: java.lang.IllegalStateException: boom one");
            assertThat(Clients.call(client, "stop-listening")).containsExactly("ok");
            client.emit("fail", "two"); // now logged: nobody listens
            assertThat(seen.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void reservedNamesThatNeverFireFailLoudlyWithWhatToDo() throws Exception {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        AtomicReference<io.enlace.Socket> ref = new AtomicReference<>();
        io.onConnection(ref::set);
        try (Clients c = new Clients(io)) {
            c.connect("websocket");
            org.awaitility.Awaitility.await().until(() -> ref.get() != null);
            io.enlace.Socket s = ref.get();
            assertThatThrownBy(() -> s.on("connect", (args, ack) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("io.onConnection");
            assertThatThrownBy(() -> s.on("connect_error", () -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("middlewares");
            assertThatThrownBy(() -> s.on("newListener", (args, ack) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not supported");
            assertThatThrownBy(() -> s.on("removeListener", String.class, (x, ack) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not supported");
            assertThatThrownBy(() -> s.emit("disconnect")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> io.on("disconnect", s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socket.on(\"disconnect\"");
        assertThatThrownBy(() -> io.on("new_namespace", s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("io.onNewNamespace");
        assertThatThrownBy(() -> io.of("/x").on("typing", s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socket.on(\"typing\"");
        assertThatThrownBy(() -> io.of(java.util.regex.Pattern.compile("/dyn-\\d+")).on("error", s -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
