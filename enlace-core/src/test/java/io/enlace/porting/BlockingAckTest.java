package io.enlace.porting;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.socket.client.Ack;
import io.socket.client.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node's {@code ack(await socket.timeout(1000).emitWithAck("q"))} written in Java as a blocking {@code join()}: it
 * answers in executor and serial modes (the client's ACK does not queue behind the handler that waits for it), and on
 * an event loop it fails at once with a message instead of wedging the loop.
 */
class BlockingAckTest {
    private static final ScheduledExecutorService CLIENT_DELAY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "client-delay");
        t.setDaemon(true);
        return t;
    });

    /** The porter's handler: ask the client, block for its answer, pass it on. */
    private static void porterHandler(SocketIoServer io, BlockingQueue<Throwable> errors) {
        io.onConnection(socket -> {
            socket.on("error", Throwable.class, (err, ack) -> errors.add(err));
            socket.on("ask", (args, ack) ->
                    ack.send(socket.timeout(Duration.ofSeconds(5)).emitWithAck("q").join().node(0)));
        });
    }

    /** The client answers {@code q} after 300 ms, as in the issue. */
    private static void answerLater(Socket client, String answer) {
        client.on("q", args -> {
            Ack ack = (Ack) args[args.length - 1];
            CLIENT_DELAY.schedule(() -> ack.call(answer), 300, TimeUnit.MILLISECONDS);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void blockingOnAnAckAnswersInExecutorMode(String transport) throws Exception {
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
                .executor(ServerOptions.virtualThreadExecutor()).build());
        porterHandler(io, errors);
        try (Clients c = new Clients(io)) {
            Socket client = c.connect(transport);
            answerLater(client, "from-client-" + transport);
            assertThat(Clients.call(client, "ask")).containsExactly("from-client-" + transport);
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void blockingOnAnAckAnswersInSerialModeEvenInTheConnectionListener() throws Exception {
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        BlockingQueue<String> greeted = new LinkedBlockingQueue<>();
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().serialHandlers(true).build());
        // in the connection listener itself: packets after CONNECT queue behind it until it returns, ACKs do not
        io.onConnection(socket -> greeted.add(socket.timeout(Duration.ofSeconds(5)).emitWithAck("hello").join().node(0).asText()));
        porterHandler(io, errors);
        try (Clients c = new Clients(io)) {
            Socket client = c.connect("/", "websocket", null, null, s -> {
                s.on("hello", args -> ((Ack) args[args.length - 1]).call("hi"));
                answerLater(s, "serial");
            });
            assertThat(greeted.poll(10, TimeUnit.SECONDS)).isEqualTo("hi");
            assertThat(Clients.call(client, "ask")).containsExactly("serial");
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void onAnEventLoopJoinFailsAtOnceWithAMessageAndTheLoopKeepsServing() throws Exception {
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build()); // handlers on the event loop
        io.onConnection(socket -> {
            socket.on("error", Throwable.class, (err, ack) -> errors.add(err));
            // a 60 s timeout: parking here would wedge the loop far longer than this test waits
            socket.on("ask-join", (args, ack) -> ack.send(socket.timeout(Duration.ofSeconds(60)).emitWithAck("q").join().node(0)));
            socket.on("ask-get", (args, ack) -> ack.send(socket.timeout(Duration.ofSeconds(60)).emitWithAck("q").get().node(0)));
            socket.on("ask-composed", (args, ack) -> socket.timeout(Duration.ofSeconds(5)).emitWithAck("q")
                    .whenComplete((answer, err) -> ack.send(err == null ? answer.node(0) : "failed: " + err)));
            socket.on("ping", (args, ack) -> ack.send("pong"));
        });
        try (Clients c = new Clients(io, 1)) { // one event loop: a wedged loop would stall everyone
            Socket client = c.connect("websocket");
            answerLater(client, "composed");
            client.emit("ask-join", (Ack) a -> { });
            Throwable err = errors.poll(10, TimeUnit.SECONDS);
            assertThat(err).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("join()").hasMessageContaining("event loop")
                    .hasMessageContaining("thenAccept").hasMessageContaining("executor");
            client.emit("ask-get", (Ack) a -> { });
            assertThat(errors.poll(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("get()");
            // the loop is free: the same client and a new one are served
            assertThat(Clients.call(client, "ping")).containsExactly("pong");
            Socket second = c.connect("polling");
            assertThat(Clients.call(second, "ping")).containsExactly("pong");
            // the Node way, composed, works on the loop
            assertThat(Clients.call(client, "ask-composed")).containsExactly("composed");
        }
    }

    @Test
    void anAckTimeoutFiresWhileTheConnectionsLoopIsBusy() throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().blockedThreshold(0).build());
        io.onConnection(socket -> socket.on("busy", (args, ack) -> {
            CountDownLatch timedOut = new CountDownLatch(1);
            socket.timeout(Duration.ofMillis(200)).emitWithAck("never-answered").whenComplete((v, e) -> {
                outcome.complete(e);
                timedOut.countDown();
            });
            // keep this loop busy (not on an Enlace future): the timeout must fire meanwhile
            ack.send(timedOut.await(10, TimeUnit.SECONDS));
        }));
        try (Clients c = new Clients(io, 1)) {
            Socket client = c.connect("websocket");
            assertThat(Clients.call(client, "busy")).containsExactly(true);
            assertThat(outcome.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class)
                    .hasMessage("operation has timed out");
        }
    }
}
