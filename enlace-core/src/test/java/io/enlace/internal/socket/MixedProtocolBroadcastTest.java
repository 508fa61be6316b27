package io.enlace.internal.socket;

import io.enlace.ServerOptions;
import io.enlace.Socket;
import io.enlace.internal.engine.EngineHarness;
import io.enlace.internal.engine.EngineProtocol;
import io.enlace.parser.JsonParser;
import io.enlace.parser.Packet;
import io.enlace.parser.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One broadcast to a room of Socket.IO v2 clients (Engine.IO 3 sessions) and v4 clients (Engine.IO 4): the Socket.IO
 * packet is encoded once by the parser, and every session, whatever its revision, is handed the same encoded text and
 * the same attachment arrays (each engine session frames them for its revision: the v3 type byte, v4 as they are; the
 * frames on the wire are checked by {@code SocketIoV2InteropTest}).
 */
class MixedProtocolBroadcastTest extends SocketLayerTest {
    private final AtomicInteger encodes = new AtomicInteger();

    /** The JSON parser, counting its encodes. */
    private final Parser counting = new Parser() {
        private final JsonParser json = new JsonParser();

        @Override
        public List<Object> encode(Packet packet) {
            encodes.incrementAndGet();
            return json.encode(packet);
        }

        @Override
        public Decoder newDecoder() { return json.newDecoder(); }
    };

    private List<EngineHarness.Conn> roomOfMixedClients(BlockingQueue<Socket> sockets) {
        start(ServerOptions.builder().allowEIO3(true).parser(counting));
        io.onConnection(s -> {
            s.join("r");
            sockets.add(s);
        });
        List<EngineHarness.Conn> conns = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            EngineHarness.Conn v3 = connectV3();
            conns.add(v3);
            EngineHarness.Conn v4 = engine.connect(EngineProtocol.V4);
            v4.receive("0");
            assertThat(v4.nextText()).startsWith("0{\"sid\":");
            conns.add(v4);
        }
        return conns;
    }

    @Test
    void oneEncodeForARoomOfV3AndV4SessionsBinaryIncluded() throws Exception {
        BlockingQueue<Socket> sockets = new LinkedBlockingQueue<>();
        List<EngineHarness.Conn> conns = roomOfMixedClients(sockets);
        for (int i = 0; i < conns.size(); i++) assertThat(sockets.poll(2, TimeUnit.SECONDS)).isNotNull();
        for (EngineHarness.Conn c : conns) c.assertNothingSent();

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("bin", new byte[]{1, 2, 3});
        encodes.set(0);
        io.to("r").emit("news", payload, "é😀", new byte[]{9});
        String expected = "52-[\"news\",{\"bin\":{\"_placeholder\":true,\"num\":0}},\"é😀\",{\"_placeholder\":true,\"num\":1}]";
        Object text = null;
        Object first = null;
        Object second = null;
        for (EngineHarness.Conn c : conns) {
            Object t = c.next();
            Object b0 = c.next();
            Object b1 = c.next();
            assertThat(t).isEqualTo(expected);
            assertThat((byte[]) b0).containsExactly(1, 2, 3);
            assertThat((byte[]) b1).containsExactly(9);
            if (text == null) {
                text = t;
                first = b0;
                second = b1;
            } else {
                // the very objects the single encode made, for the v3 sessions as for the v4 ones
                assertThat(t).as("text of session %s (EIO %s)", c.id(), c.session().protocol()).isSameAs(text);
                assertThat(b0).isSameAs(first);
                assertThat(b1).isSameAs(second);
            }
            c.assertNothingSent();
        }
        assertThat(encodes).as("parser encodes for one broadcast to 2 v3 + 2 v4 sessions").hasValue(1);
    }

    @Test
    void oneEncodeForABroadcastFromAV3SocketToTheOthers() throws Exception {
        BlockingQueue<Socket> sockets = new LinkedBlockingQueue<>();
        List<EngineHarness.Conn> conns = roomOfMixedClients(sockets);
        List<Socket> all = new ArrayList<>();
        for (int i = 0; i < conns.size(); i++) all.add(sockets.poll(2, TimeUnit.SECONDS));
        Socket fromV3 = all.stream().filter(s -> s.conn().protocol() == 3).findFirst().orElseThrow();
        fromV3.on("shout", (args, ack) -> fromV3.to("r").emit("heard", args.toArray()));
        EngineHarness.Conn sender = conns.stream().filter(c -> c.id().equals(fromV3.id())).findFirst().orElseThrow();
        encodes.set(0);
        sender.receive("2[\"shout\",\"hola\"]");
        Object text = null;
        for (EngineHarness.Conn c : conns) {
            if (c == sender) continue;
            Object t = c.next();
            assertThat(t).isEqualTo("2[\"heard\",\"hola\"]");
            if (text == null) text = t;
            else assertThat(t).isSameAs(text);
        }
        sender.assertNothingSent(); // the sender is excepted
        assertThat(encodes).hasValue(1);
    }
}
