package io.enlace.porting;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.socket.client.Socket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node runs every handler of a server one at a time, so the chat example's {@code ++numUsers} is exact. With
 * {@code serialHandlers(true)} Enlace does too: a plain shared counter stays exact under 16 concurrent clients, and no
 * two handlers ever overlap (with a pool of several threads underneath, or the mode's own thread).
 */
class SerialHandlersTest {
    private static final int CLIENTS = 16;
    private static final int EVENTS = 2000;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aPlainCounterIsExactUnderSixteenConcurrentClients(boolean withPool) throws Exception {
        ExecutorService pool = withPool ? Executors.newFixedThreadPool(4) : null;
        ServerOptions.Builder b = ServerOptions.builder().serialHandlers(true);
        if (pool != null) b.executor(pool);
        SocketIoServer io = SocketIoServer.create(b.build());
        int[] counter = {0};                 // no lock, no atomic: as in the Node example
        int[] users = {0};
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        io.onConnection(socket -> {
            users[0]++;
            socket.on("inc", () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                threads.add(Thread.currentThread().getName());
                counter[0]++;
                running.decrementAndGet();
            });
            socket.on("count", (args, ack) -> ack.send(counter[0], users[0]));
            socket.on("disconnect", () -> users[0]--);
        });
        try (Clients c = new Clients(io)) {
            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) clients.add(c.connect("websocket"));
            List<Thread> senders = new ArrayList<>();
            for (Socket s : clients) {
                Thread t = new Thread(() -> {
                    for (int i = 0; i < EVENTS; i++) s.emit("inc");
                }, "sender");
                senders.add(t);
                t.start();
            }
            for (Thread t : senders) t.join(30_000);
            // each client's "count" comes after its own "inc"s; the last one sees them all once every client is done
            long deadline = System.currentTimeMillis() + 30_000;
            Object[] answer;
            do {
                answer = Clients.call(clients.get(0), "count");
            } while ((Integer) answer[0] < CLIENTS * EVENTS && System.currentTimeMillis() < deadline);
            assertThat(answer).containsExactly(CLIENTS * EVENTS, CLIENTS);
            assertThat(maxRunning.get()).as("handlers never overlap").isEqualTo(1);
            if (!withPool) assertThat(threads).containsExactly("enlace-handlers");
            clients.get(1).disconnect();
            long until = System.currentTimeMillis() + 10_000;
            do {
                answer = Clients.call(clients.get(0), "count");
            } while ((Integer) answer[1] != CLIENTS - 1 && System.currentTimeMillis() < until);
            assertThat(answer[1]).isEqualTo(CLIENTS - 1);
        } finally {
            if (pool != null) {
                pool.shutdown();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
