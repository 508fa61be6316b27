package io.enlace.porting;

import io.enlace.RemoteSocket;
import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.socket.client.Socket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Node keeps insertion order (JavaScript {@code Map}s and {@code Set}s) for a namespace's sockets, a socket's rooms,
 * a room's members, and so for the lists {@code fetchSockets}, {@code allSockets} and broadcasts walk. Enlace does the
 * same, with enough sockets and rooms to leave the small immutable sets for the concurrent ones.
 */
class InsertionOrderTest {
    private static final int CLIENTS = 40;

    @Test
    void socketsRoomsAndEveryWalkFollowInsertionOrder() throws Exception {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        List<String> written = new CopyOnWriteArrayList<>();
        io.onConnection(socket -> {
            socket.onAnyOutgoing((event, args) -> {
                if (event.equals("walk")) written.add(socket.id());
            });
            socket.on("join", (args, ack) -> {
                for (int i = 0; i < args.size(); i++) socket.join(args.string(i));
                ack.send("ok");
            });
        });
        try (Clients c = new Clients(io, 1)) { // one loop: a broadcast from outside writes its receivers in walk order
            List<String> connected = new ArrayList<>();
            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Socket s = c.connect(i % 20 == 3 ? "polling" : "websocket"); // the Java client shares 5 HTTP slots per host
                clients.add(s);
                connected.add(s.id());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> io.sockets().sockets().size() == CLIENTS);
            assertThat(io.sockets().sockets().keySet()).containsExactlyElementsOf(connected);
            assertThat(ids(io.fetchSockets().get(5, TimeUnit.SECONDS))).containsExactlyElementsOf(connected);
            assertThat(io.allSockets().get(5, TimeUnit.SECONDS)).containsExactlyElementsOf(connected);

            // a room joined in the reverse order of connection
            List<String> members = new ArrayList<>();
            for (int i = CLIENTS - 1; i >= 0; i--) {
                Clients.call(clients.get(i), "join", "shared");
                members.add(connected.get(i));
            }
            assertThat(io.sockets().adapter().rooms().get("shared")).containsExactlyElementsOf(members);
            assertThat(ids(io.in("shared").fetchSockets().get(5, TimeUnit.SECONDS))).containsExactlyElementsOf(members);
            assertThat(io.in("shared").allSockets().get(5, TimeUnit.SECONDS)).containsExactlyElementsOf(members);
            io.in("shared").emit("walk");
            await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == CLIENTS);
            assertThat(written).containsExactlyElementsOf(members);
            written.clear();
            io.emit("walk");
            await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == CLIENTS);
            assertThat(written).containsExactlyElementsOf(connected);

            // one socket's rooms, joined in descending order, past the small-set size
            List<String> rooms = new ArrayList<>();
            for (int i = 20; i > 0; i--) rooms.add("room-" + i);
            Clients.call(clients.get(0), "join", rooms.toArray());
            io.enlace.Socket first = io.sockets().sockets().get(connected.get(0));
            List<String> expected = new ArrayList<>(List.of(connected.get(0), "shared"));
            expected.addAll(rooms);
            assertThat(first.rooms()).containsExactlyElementsOf(expected);
            RemoteSocket fetched = io.in("room-7").fetchSockets().get(5, TimeUnit.SECONDS).get(0);
            assertThat(fetched.rooms()).containsExactlyElementsOf(expected);
            // the namespace's rooms in creation order: the socket ids, "shared", then the new ones
            List<String> roomOrder = new ArrayList<>(connected);
            roomOrder.add("shared");
            roomOrder.addAll(rooms);
            assertThat(io.sockets().adapter().rooms().keySet()).containsExactlyElementsOf(roomOrder);
            // a broadcast to several rooms walks them in the order given, each socket once
            written.clear();
            io.to(connected.get(5), connected.get(2), "room-3", connected.get(9)).emit("walk");
            await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 4);
            assertThat(written).containsExactly(connected.get(5), connected.get(2), connected.get(0), connected.get(9));
        }
    }

    private static List<String> ids(List<RemoteSocket> sockets) {
        return sockets.stream().map(RemoteSocket::id).toList();
    }
}
