package io.enlace.spring.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.Ack;
import io.enlace.Args;
import io.enlace.ConnectError;
import io.enlace.DisconnectReason;
import io.enlace.Handshake;
import io.enlace.Namespace;
import io.enlace.Socket;
import io.enlace.spring.InvalidPayloadException;
import io.enlace.spring.annotation.Auth;
import io.enlace.spring.annotation.ConnectMiddleware;
import io.enlace.spring.annotation.Header;
import io.enlace.spring.annotation.OnConnect;
import io.enlace.spring.annotation.OnDisconnect;
import io.enlace.spring.annotation.OnDisconnecting;
import io.enlace.spring.annotation.OnError;
import io.enlace.spring.annotation.OnEvent;
import io.enlace.spring.annotation.Query;
import io.enlace.spring.annotation.SocketData;
import io.enlace.spring.annotation.SocketIoController;
import io.enlace.spring.boot.autoconfigure.EnlaceAutoConfiguration;
import io.enlace.spring.boot.autoconfigure.EnlaceServerLifecycle;
import io.enlace.spring.testing.JavaClients;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Annotated controllers on a running server, driven by the official Java client (io.socket:socket.io-client). */
class ControllerInvocationTest {

    /** What the handlers saw, for the test to read. */
    static final BlockingQueue<String> SEEN = new LinkedBlockingQueue<>();

    public record Move(@NotBlank String piece, @Min(1) @Max(8) int row, @Size(max = 3) List<@NotBlank String> tags) {}

    @SocketIoController("/game")
    static class GameController {

        @ConnectMiddleware(order = 1)
        void token(@Auth("token") String token, Socket socket) {
            if (!"secret".equals(token)) throw new ConnectError("not authorized", Map.of("retry", false));
            socket.data("player-" + token.length());
        }

        @ConnectMiddleware(order = 2)
        void async(Socket socket, Socket.Next next, @Query("slow") String slow) {
            if (slow == null) {
                next.ok();
            } else {
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(next::ok);
            }
        }

        @OnConnect
        void hello(Socket socket, Handshake handshake, @Query("room") String room, @Header("x-client") String client,
                   @Auth JsonNode auth, @SocketData String player, Namespace nsp) {
            socket.emit("hello", Map.of("room", String.valueOf(room), "client", String.valueOf(client),
                    "auth", auth, "player", player, "nsp", nsp.name(), "secure", handshake.secure()));
        }

        @OnEvent("move")
        Map<String, Object> move(@SocketData String player, @Valid Move move) {
            return Map.of("player", player, "piece", move.piece(), "row", move.row());
        }

        @OnEvent("sum")
        int sum(int a, int b, Optional<Integer> c) {
            return a + b + c.orElse(0);
        }

        @OnEvent("later")
        CompletableFuture<String> later(String what) {
            return CompletableFuture.supplyAsync(() -> "later " + what,
                    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        }

        @OnEvent("manual")
        void manual(Ack ack, Args args) {
            ack.send(args.size(), args.node(0));
        }

        @OnEvent("bytes")
        int bytes(byte[] data) {
            return data.length;
        }

        @OnEvent("tree")
        String tree(JsonNode node) {
            return node == null ? "missing" : node.getNodeType().toString();
        }

        @OnEvent("fail")
        String fail(String how) {
            throw new IllegalStateException("failed: " + how);
        }

        @OnEvent("fail-later")
        CompletableFuture<String> failLater() {
            return CompletableFuture.failedFuture(new IllegalStateException("failed later"));
        }

        @OnEvent("crash")
        void crash() {
            throw new UnsupportedOperationException("nobody handles this");
        }

        @OnEvent("nothing")
        void nothing(String s) {
            SEEN.add("nothing " + s);
        }

        @OnError
        Map<String, String> onState(IllegalStateException e, String event, Socket socket) {
            SEEN.add("error " + event + " " + e.getMessage());
            return Map.of("handled", e.getMessage());
        }

        @OnError
        void onInvalid(InvalidPayloadException e, Ack ack, String event) {
            if (!ack.requested()) SEEN.add("invalid " + event + " " + e.getMessage());
        }

        @OnDisconnecting
        void leaving(Socket socket, DisconnectReason reason) {
            SEEN.add("disconnecting " + reason.reason() + " rooms " + socket.rooms().size());
        }

        @OnDisconnect
        void left(DisconnectReason reason, @SocketData String player) {
            SEEN.add("disconnect " + reason.reason() + " " + player);
        }
    }

    private static ConfigurableApplicationContext context;
    private static JavaClients clients;

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({EnlaceAutoConfiguration.class, ValidationAutoConfiguration.class})
    @Import(GameController.class)
    static class App {
    }

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("enlace.port=0", "enlace.host=127.0.0.1").run();
        clients = new JavaClients(context.getBean(EnlaceServerLifecycle.class).port());
    }

    @AfterAll
    static void stop() {
        if (clients != null) clients.close();
        if (context != null) context.close();
    }

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    private io.socket.client.Socket player() throws Exception {
        return clients.connect("/game", Map.of("token", "secret"), null);
    }

    @Test
    void middlewaresConnectAndHandshakeParts() throws Exception {
        io.socket.client.IO.Options o = JavaClients.options(Map.of("token", "secret"), "room=lobby&slow=1");
        o.extraHeaders = Map.of("x-client", List.of("java"));
        io.socket.client.Socket s = clients.socket("/game", o);
        CompletableFuture<Object[]> hello = JavaClients.next(s, "hello");
        assertThat(JavaClients.connectResult(s)).isEqualTo(true);
        JSONObject h = (JSONObject) hello.get(10, TimeUnit.SECONDS)[0];
        assertThat(h.getString("room")).isEqualTo("lobby");
        assertThat(h.getString("client")).isEqualTo("java");
        assertThat(h.getJSONObject("auth").getString("token")).isEqualTo("secret");
        assertThat(h.getString("player")).isEqualTo("player-6");
        assertThat(h.getString("nsp")).isEqualTo("/game");
        assertThat(h.getBoolean("secure")).isFalse();
    }

    @Test
    void aThrownConnectErrorRefusesWithItsMessageAndData() throws Exception {
        io.socket.client.Socket s = clients.socket("/game", JavaClients.options(Map.of("token", "wrong"), null));
        JSONObject error = (JSONObject) JavaClients.connectResult(s);
        assertThat(error.getString("message")).isEqualTo("not authorized");
        assertThat(error.getJSONObject("data").getBoolean("retry")).isFalse();
    }

    @Test
    void payloadsBoundByPositionAndTheReturnValueAnswersTheAck() throws Exception {
        io.socket.client.Socket s = player();
        assertThat(JavaClients.ack(s, "sum", 1, 2)).containsExactly(3);
        assertThat(JavaClients.ack(s, "sum", 1, 2, 3)).containsExactly(6);
        JSONObject move = (JSONObject) JavaClients.ack(s, "move",
                new JSONObject().put("piece", "rook").put("row", 2).put("tags", new JSONArray().put("a")))[0];
        assertThat(move.getString("player")).isEqualTo("player-6");
        assertThat(move.getString("piece")).isEqualTo("rook");
        assertThat(move.getInt("row")).isEqualTo(2);
        assertThat(JavaClients.ack(s, "later", "x")).containsExactly("later x");
        Object[] manual = JavaClients.ack(s, "manual", "one", "two");
        assertThat(manual[0]).isEqualTo(2);
        assertThat(manual[1]).isEqualTo("one");
        assertThat(JavaClients.ack(s, "bytes", (Object) new byte[] {1, 2, 3, 4})).containsExactly(4);
        assertThat(JavaClients.ack(s, "tree", new JSONArray().put(1))).containsExactly("ARRAY");
        assertThat(JavaClients.ack(s, "tree")).containsExactly("missing");
    }

    @Test
    void invalidPayloadsGetAnErrorAckAndNeverReachTheMethod() throws Exception {
        io.socket.client.Socket s = player();
        JSONObject error = (JSONObject) JavaClients.ack(s, "move",
                new JSONObject().put("piece", " ").put("row", 9).put("tags", new JSONArray().put("")))[0];
        assertThat(error.length()).isEqualTo(1);
        assertThat(error.getString("error")).contains("piece: must not be blank").contains("row: must be less than or equal to 8")
                .contains("tags[0]: must not be blank");
        JSONObject unbindable = (JSONObject) JavaClients.ack(s, "sum", "one", 2)[0];
        assertThat(unbindable.getString("error")).startsWith("a (argument 0): ");
        JSONObject missing = (JSONObject) JavaClients.ack(s, "sum", 1)[0];
        assertThat(missing.getString("error")).isEqualTo("b (argument 1) is missing (a int is expected)");
        JSONObject nul = (JSONObject) JavaClients.ack(s, "sum", 1, JSONObject.NULL)[0];
        assertThat(nul.getString("error")).isEqualTo("b (argument 1) is null (a int is expected)");
        // without an ack: the controller's @OnError method gets it
        s.emit("move", new JSONObject().put("piece", "").put("row", 1));
        assertThat(SEEN.poll(10, TimeUnit.SECONDS)).isEqualTo("invalid move piece: must not be blank");
        assertThat(s.connected()).isTrue();
    }

    @Test
    void exceptionsGoToOnErrorWhoseReturnValueAnswers() throws Exception {
        io.socket.client.Socket s = player();
        JSONObject handled = (JSONObject) JavaClients.ack(s, "fail", "now")[0];
        assertThat(handled.getString("handled")).isEqualTo("failed: now");
        assertThat(SEEN.poll(10, TimeUnit.SECONDS)).isEqualTo("error fail failed: now");
        JSONObject later = (JSONObject) JavaClients.ack(s, "fail-later")[0];
        assertThat(later.getString("handled")).isEqualTo("failed later");
    }

    @Test
    void anExceptionNoOnErrorTakesIsLoggedWithItsMethod() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.enlace.spring.SocketIoController");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            crashIsLogged(log);
        } finally {
            logger.detachAppender(log);
        }
    }

    private void crashIsLogged(ListAppender<ILoggingEvent> log) throws Exception {
        io.socket.client.Socket s = player();
        CompletableFuture<Object[]> noAnswer = JavaClients.ackAsync(s, "crash");
        await().atMost(Duration.ofSeconds(10)).until(() -> !log.list.isEmpty());
        ILoggingEvent line = log.list.get(0);
        assertThat(line.getLevel().toString()).isEqualTo("ERROR");
        assertThat(line.getFormattedMessage()).contains(
                "@OnEvent(\"crash\") io.enlace.spring.handler.ControllerInvocationTest$GameController.crash() threw")
                .contains("no @OnError method of its controller takes java.lang.UnsupportedOperationException");
        assertThat(line.getThrowableProxy().getMessage()).isEqualTo("nobody handles this");
        // the socket still works; the unanswered ack stays unanswered (as in Node)
        assertThat(JavaClients.ack(s, "sum", 2, 2)).containsExactly(4);
        assertThatThrownBy(() -> noAnswer.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        s.emit("nothing", "x");
        assertThat(SEEN.poll(10, TimeUnit.SECONDS)).isEqualTo("nothing x");
    }

    @Test
    void disconnectListenersGetTheReason() throws Exception {
        io.socket.client.Socket s = player();
        s.disconnect();
        assertThat(SEEN.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnecting client namespace disconnect rooms 1");
        assertThat(SEEN.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnect client namespace disconnect player-6");
    }

    @Test
    void handlersAreRegisteredOnTheirNamespaceOnly() {
        Namespace main = context.getBean(io.enlace.SocketIoServer.class).sockets();
        assertThat(main.sockets()).isEmpty();
        assertThat(context.getBean(SocketIoControllerRegistrar.class).namespaces()).containsExactly("/game");
    }
}
