package io.enlace.porting;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.socket.client.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code socket.rooms()} is Node's live set, not a copy: a view taken once sees later joins and leaves, cannot be
 * changed, and {@code contains} is O(1), so a handler testing membership on every event stays linear in the number of
 * rooms (it copied the whole set on every call: 30,000 joins of one client stalled a demo server ~13 s).
 */
class RoomsViewTest {

    @Test
    void roomsIsAReadOnlyLiveView() throws Exception {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        io.onConnection(socket -> socket.on("check", (args, ack) -> {
            Set<String> view = socket.rooms();
            socket.join("a", "b");
            boolean sawJoin = view.contains("a") && view.contains("b") && view.size() == 3;
            socket.leave("a");
            boolean sawLeave = !view.contains("a") && view.size() == 2;
            boolean readOnly;
            try {
                view.add("c");
                readOnly = false;
            } catch (UnsupportedOperationException expected) {
                readOnly = true;
            }
            ack.send(sawJoin, sawLeave, readOnly, List.copyOf(view));
        }));
        try (Clients c = new Clients(io)) {
            Socket client = c.connect("websocket");
            Object[] answer = Clients.call(client, "check");
            assertThat(answer[0]).isEqualTo(true);
            assertThat(answer[1]).isEqualTo(true);
            assertThat(answer[2]).isEqualTo(true);
            assertThat(answer[3].toString()).isEqualTo("[\"" + client.id() + "\",\"b\"]");
        }
    }

    @Test
    // with a copy per call: ~60,000 x 30,000 element copies, minutes on this machine (the call waits 10 s at most)
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void membershipTestsStayLinearWithManyRooms() throws Exception {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().blockedThreshold(0).build());
        int rooms = 60_000;
        io.onConnection(socket -> socket.on("join-many", (args, ack) -> {
            int joined = 0;
            for (int i = 0; i < rooms; i++) {
                String room = "room-" + i;
                if (!socket.rooms().contains(room)) { // what the demo's /chat did on every join, say and leave
                    socket.join(room);
                    joined++;
                }
            }
            ack.send(joined, socket.rooms().size());
        }));
        try (Clients c = new Clients(io)) {
            Socket client = c.connect("websocket");
            assertThat(Clients.call(client, "join-many")).containsExactly(rooms, rooms + 1);
            client.disconnect();
            org.awaitility.Awaitility.await().until(() -> io.sockets().adapter().rooms().isEmpty());
        }
    }
}
