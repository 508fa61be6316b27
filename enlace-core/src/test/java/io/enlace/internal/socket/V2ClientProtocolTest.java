package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enlace.ConnectError;
import io.enlace.Namespace;
import io.enlace.ServerOptions;
import io.enlace.Socket;
import io.enlace.adapter.InMemoryAdapter;
import io.enlace.adapter.PersistedSession;
import io.enlace.engine.CloseReason;
import io.enlace.internal.engine.EngineHarness;
import io.enlace.internal.engine.EngineProtocol;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Socket.IO rules for v2 clients (Socket.IO protocol 4 over Engine.IO 3, {@link ClientProtocol#V4_OVER_EIO3}), on
 * the session path production takes ({@link EngineHarness} sessions of revision 3), as Node's socket.io 4.8 applies
 * them with {@code allowEIO3}: the implicit connection to {@code /}, the namespace query as {@code auth}, the CONNECT
 * reply without body, socket ids from the engine id, the error bodies, no connection state recovery; v4 clients on the
 * same server keep the protocol 5 rules.
 */
class V2ClientProtocolTest extends SocketLayerTest {
    /** Every server here accepts v2 clients. */
    @Override
    RealServer start(ServerOptions.Builder options) { return super.start(options.allowEIO3(true)); }

    @Test
    void theRulesAreChosenByTheEngineRevision() {
        assertThat(ClientProtocol.of(3)).isSameAs(ClientProtocol.V4_OVER_EIO3);
        assertThat(ClientProtocol.of(4)).isSameAs(ClientProtocol.V5);
        assertThat(ServerOptions.builder().allowEIO3(true).build().engine().allowEIO3()).isTrue();
        assertThat(ServerOptions.builder().build().engine().allowEIO3()).as("off by default").isFalse();
    }

    @Test
    void aV3SessionJoinsTheMainNamespaceAtOnceThroughItsMiddlewares() throws Exception {
        start();
        List<String> seenByMiddleware = new CopyOnWriteArrayList<>();
        io.use((s, next) -> {
            seenByMiddleware.add(s.id());
            next.ok();
        });
        BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();
        io.onConnection(connected::add);
        EngineHarness.Conn c = engine.connect(EngineProtocol.V3);
        assertThat(c.nextText()).as("CONNECT reply without body, no CONNECT sent").isEqualTo("0");
        Socket s = connected.poll(2, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        assertThat(s.id()).as("the engine id").isEqualTo(c.id());
        assertThat(seenByMiddleware).containsExactly(c.id());
        assertThat(s.handshake().auth()).isEqualTo(JsonNodeFactory.instance.objectNode());
        assertThat(s.handshake().query("EIO")).isEqualTo("3");
        assertThat(s.handshake().query("foo")).isEqualTo("bar");
        assertThat(s.rooms()).containsExactly(c.id());
        assertThat(s.conn().protocol()).isEqualTo(3);
        // events and acks as in protocol 5
        s.on("echo", (args, ack) -> ack.send(args.toArray()));
        c.receive("21[\"echo\",\"a\",1]");
        assertThat(c.nextText()).isEqualTo("31[\"a\",1]");
    }

    @Test
    void aSecondConnectForTheMainNamespaceClosesTheConnection() {
        start();
        EngineHarness.Conn c = connectV3();
        c.receive("0");
        await().until(c::closed);
    }

    @Test
    void theNamespaceQueryIsTheAuthAndThePayloadIsIgnored() throws Exception {
        start();
        BlockingQueue<Socket> chat = new LinkedBlockingQueue<>();
        io.of("/chat").onConnection(s -> {
            chat.add(s);
            s.on("say", (args, ack) -> s.emit("said", args.toArray()));
        });
        EngineHarness.Conn c = connectV3();
        c.receive("0/chat?name=x&y=1&y=2&e=a%20b+c&bad=%zz&flag&=v&%C3%A9=%F0%9F%98%80,{\"token\":\"ignored\"}");
        assertThat(c.nextText()).isEqualTo("0/chat,");
        Socket s = chat.poll(2, TimeUnit.SECONDS);
        assertThat(s.id()).isEqualTo("/chat#" + c.id());
        assertThat(s.handshake().auth()).isEqualTo(json(
                "{\"name\":\"x\",\"y\":\"2\",\"e\":\"a b c\",\"bad\":\"%zz\",\"flag\":\"\",\"\":\"v\",\"é\":\"😀\"}"));
        assertThat(s.handshake().query("name")).as("the engine query, not the namespace's").isNull();
        assertThat(s.rooms()).containsExactly("/chat#" + c.id());
        // later packets are routed by the path too
        c.receive("2/chat?name=x,[\"say\",\"hi\"]");
        assertThat(c.nextText()).isEqualTo("2/chat,[\"said\",\"hi\"]");
        c.receive("2/chat,[\"say\",\"again\"]");
        assertThat(c.nextText()).isEqualTo("2/chat,[\"said\",\"again\"]");

        // no query and a payload: auth {} (a v2 client cannot send an auth object)
        io.of("/plain").onConnection(chat::add);
        c.receive("0/plain,{\"token\":\"t\"}");
        assertThat(c.nextText()).isEqualTo("0/plain,");
        assertThat(chat.poll(2, TimeUnit.SECONDS).handshake().auth()).isEqualTo(JsonNodeFactory.instance.objectNode());

        // a fragment is not part of the query
        io.of("/frag").onConnection(chat::add);
        c.receive("0/frag#x?a=1,");
        assertThat(c.nextText()).isEqualTo("0/frag,");
        Socket frag = chat.poll(2, TimeUnit.SECONDS);
        assertThat(frag.nsp().name()).isEqualTo("/frag");
        assertThat(frag.handshake().auth()).isEqualTo(JsonNodeFactory.instance.objectNode());
    }

    @Test
    void aParentNamespaceMatcherSeesTheQueryAsAuth() {
        start();
        Namespace byFn = io.of((name, auth) -> name.startsWith("/room-") && auth.path("ok").asText().equals("yes"));
        byFn.onConnection(s -> s.emit("in", s.nsp().name()));
        EngineHarness.Conn c = connectV3();
        c.receive("0/room-1?ok=no,");
        assertThat(c.nextText()).isEqualTo("4/room-1,{\"message\":\"Invalid namespace\"}");
        c.receive("0/room-1?ok=yes,");
        assertThat(c.nextText()).isEqualTo("0/room-1,");
        assertThat(c.nextText()).isEqualTo("2/room-1,[\"in\",\"/room-1\"]");
    }

    @Test
    void refusalsCarryTheDataOrTheMessageAsAString() {
        start();
        io.of("/private").use((s, next) -> next.fail(new ConnectError("not allowed")));
        io.of("/private-data").use((s, next) -> next.fail(new ConnectError("not allowed",
                new ObjectMapper().createObjectNode().put("code", 42).put("why", "no token"))));
        io.of("/falsy-data").use((s, next) -> next.fail(new ConnectError("zero", 0)));
        io.of("/boom").use((s, next) -> { throw new IllegalStateException("kaput \"quoted\""); });
        EngineHarness.Conn c = connectV3();
        c.receive("0/private,");
        assertThat(c.nextText()).isEqualTo("4/private,\"not allowed\"");
        c.receive("0/private-data,");
        assertThat(c.nextText()).isEqualTo("4/private-data,{\"code\":42,\"why\":\"no token\"}");
        c.receive("0/falsy-data,");
        assertThat(c.nextText()).as("err.data || err.message").isEqualTo("4/falsy-data,\"zero\"");
        c.receive("0/boom,");
        assertThat(c.nextText()).isEqualTo("4/boom,\"kaput \\\"quoted\\\"\"");
        c.receive("0/nope?x=1,");
        assertThat(c.nextText()).as("as in protocol 5").isEqualTo("4/nope,{\"message\":\"Invalid namespace\"}");
        assertThat(c.closed()).isFalse();
        assertThat(io.of("/private").sockets()).isEmpty();
    }

    @Test
    void theMainNamespaceRefusedByAMiddlewareLeavesTheConnectionOpen() {
        start();
        io.use((s, next) -> next.fail(new ConnectError("go away")));
        io.of("/chat").onConnection(s -> { });
        EngineHarness.Conn c = engine.connect(EngineProtocol.V3);
        assertThat(c.nextText()).isEqualTo("4\"go away\"");
        assertThat(c.closed()).isFalse();
        assertThat(io.sockets().sockets()).isEmpty();
        c.receive("0/chat,");
        assertThat(c.nextText()).isEqualTo("0/chat,");
    }

    @Test
    void binaryEventsAndAcksInBothDirections() {
        start();
        io.onConnection(s -> s.on("bin", (args, ack) -> {
            byte[] got = args.get(0, byte[].class);
            byte[] reversed = new byte[got.length];
            for (int i = 0; i < got.length; i++) reversed[i] = got[got.length - 1 - i];
            ack.send(got.length, reversed);
        }));
        EngineHarness.Conn c = connectV3();
        c.receive("51-7[\"bin\",{\"_placeholder\":true,\"num\":0}]");
        c.receive(new byte[]{1, 2, 3});
        assertThat(c.nextText()).isEqualTo("61-7[3,{\"_placeholder\":true,\"num\":0}]");
        assertThat((byte[]) c.next()).containsExactly(3, 2, 1);
    }

    @Test
    void v3SocketsGetNoPidAndAreNeitherStoredNorRestored() throws Exception {
        List<PersistedSession> persisted = new CopyOnWriteArrayList<>();
        start(ServerOptions.builder().connectionStateRecovery(ServerOptions.Recovery.defaults())
                .adapter(ctx -> new InMemoryAdapter(ctx) {
                    @Override
                    public void persistSession(PersistedSession session) {
                        persisted.add(session);
                        super.persistSession(session);
                    }
                }));
        BlockingQueue<Socket> chat = new LinkedBlockingQueue<>();
        io.of("/chat").onConnection(chat::add);

        // a v4 client gets a pid and its session is stored on a transport close
        EngineHarness.Conn v4 = engine.connect();
        v4.receive("0/chat,");
        JsonNode reply = json(v4.nextText().substring("0/chat,".length()));
        String pid = reply.get("pid").asText();
        Socket v4Socket = chat.poll(2, TimeUnit.SECONDS);
        v4Socket.emit("m");
        String offset = json(v4.nextText().substring("2/chat,".length())).get(1).asText();
        v4.drop(CloseReason.TRANSPORT_CLOSE);
        await().until(() -> persisted.size() == 1);

        // a v3 client: no pid in the replies, nothing stored when it drops
        EngineHarness.Conn v3 = engine.connect(EngineProtocol.V3);
        assertThat(v3.nextText()).isEqualTo("0");
        v3.receive("0/chat,");
        assertThat(v3.nextText()).isEqualTo("0/chat,");
        Socket v3Socket = chat.poll(2, TimeUnit.SECONDS);
        assertThat(v3Socket.recovered()).isFalse();
        v3.drop(CloseReason.TRANSPORT_CLOSE);
        await().until(() -> !v3Socket.connected());

        // a v3 client naming the stored pid in its namespace query is not restored either
        EngineHarness.Conn v3b = engine.connect(EngineProtocol.V3);
        assertThat(v3b.nextText()).isEqualTo("0");
        v3b.receive("0/chat?pid=" + pid + "&offset=" + offset + ",");
        assertThat(v3b.nextText()).isEqualTo("0/chat,");
        Socket restoredNot = chat.poll(2, TimeUnit.SECONDS);
        assertThat(restoredNot.recovered()).isFalse();
        assertThat(restoredNot.id()).isEqualTo("/chat#" + v3b.id());
        assertThat(persisted).as("only the v4 socket's session").hasSize(1);
        assertThat(persisted.get(0).sid()).isEqualTo(v4Socket.id());
    }

    @Test
    void v2AndV4ClientsOnOneServerEachGetTheirRules() throws Exception {
        start();
        BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();
        io.onConnection(connected::add);
        EngineHarness.Conn v3 = engine.connect(EngineProtocol.V3);
        assertThat(v3.nextText()).isEqualTo("0");
        EngineHarness.Conn v4 = engine.connect();
        v4.assertNothingSent(); // a v4 client connects only when it asks
        v4.receive("0{\"token\":\"t\"}");
        String reply = v4.nextText();
        assertThat(reply).startsWith("0{\"sid\":\"");
        String v4Id = json(reply.substring(1)).get("sid").asText();
        assertThat(v4Id).hasSize(20).isNotEqualTo(v4.id());
        Socket a = connected.poll(2, TimeUnit.SECONDS);
        Socket b = connected.poll(2, TimeUnit.SECONDS);
        assertThat(List.of(a.id(), b.id())).containsExactlyInAnyOrder(v3.id(), v4Id);
        io.emit("hello", 1);
        assertThat(v3.nextText()).isEqualTo("2[\"hello\",1]");
        assertThat(v4.nextText()).isEqualTo("2[\"hello\",1]");
    }
}
