package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.internal.engine.codec.JsonpPayloads;
import io.enlace.internal.engine.codec.V3Frames;
import io.enlace.internal.engine.codec.V3Payloads;
import io.enlace.internal.engine.codec.V4Frames;
import io.enlace.internal.engine.codec.V4Payloads;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The protocol revisions: which requests are v3, and the codecs and heartbeat each revision gives a session. */
class EngineProtocolTest {

    @Test
    void onlyEio4IsV4AsInTheReference() {
        assertThat(EngineProtocol.revision("4")).isSameAs(EngineProtocol.V4);
        for (String eio : new String[] {"3", null, "", "5", "abc", "4 ", "04", "3.0"}) {
            assertThat(EngineProtocol.revision(eio)).as("EIO=%s", eio).isSameAs(EngineProtocol.V3);
        }
        assertThat(EngineProtocol.V3.number()).isEqualTo(3);
        assertThat(EngineProtocol.V4.number()).isEqualTo(4);
    }

    @Test
    void theV3PollingCodecFollowsTheHandshakeQuery() {
        assertThat(EngineProtocol.V3.payloadCodec(Map.of())).isSameAs(V3Payloads.XHR2);
        assertThat(EngineProtocol.V3.payloadCodec(q("b64", "1"))).isSameAs(V3Payloads.TEXT);
        assertThat(EngineProtocol.V3.payloadCodec(q("b64", "0"))).as("a non-empty string is truthy").isSameAs(V3Payloads.TEXT);
        assertThat(EngineProtocol.V3.payloadCodec(q("b64", ""))).as("an empty one is not").isSameAs(V3Payloads.XHR2);
        assertThat(EngineProtocol.V3.payloadCodec(q("j", "3"))).isInstanceOfSatisfying(JsonpPayloads.class,
                j -> assertThat(j.index()).isEqualTo("3"));
        assertThat(EngineProtocol.V3.payloadCodec(q("j", ""))).as("any j, even empty").isInstanceOfSatisfying(JsonpPayloads.class,
                j -> assertThat(j.index()).isEmpty());
        assertThat(EngineProtocol.V3.payloadCodec(Map.of("j", List.of("1"), "b64", List.of("1"))))
                .isInstanceOf(JsonpPayloads.class);
        assertThat(EngineProtocol.V4.payloadCodec(q("j", "1"))).isSameAs(V4Payloads.INSTANCE);
        assertThat(EngineProtocol.V4.payloadCodec(q("b64", "1"))).isSameAs(V4Payloads.INSTANCE);
    }

    @Test
    void theV3FrameCodecFollowsTheWebSocketRequest() {
        assertThat(EngineProtocol.V3.frameCodec(Map.of())).isSameAs(V3Frames.BINARY);
        assertThat(EngineProtocol.V3.frameCodec(q("b64", "1"))).isSameAs(V3Frames.BASE64);
        assertThat(EngineProtocol.V3.frameCodec(q("b64", ""))).isSameAs(V3Frames.BINARY);
        assertThat(EngineProtocol.V4.frameCodec(q("b64", "1"))).isSameAs(V4Frames.INSTANCE);
    }

    @Test
    void theHeartbeatSaysWhoPings() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            EngineOptions opts = EngineOptions.builder().pingInterval(60_000).pingTimeout(60_000).build();
            Heartbeat v3 = EngineProtocol.V3.heartbeat(loop, opts, () -> true, () -> { });
            Heartbeat v4 = EngineProtocol.V4.heartbeat(loop, opts, () -> true, () -> { });
            assertThat(v3).isInstanceOf(ClientPingHeartbeat.class);
            assertThat(v4).isInstanceOf(ServerPingHeartbeat.class);
            assertThat(EngineProtocol.V3.openPacket("abc", "[]", opts)).isEqualTo(EngineProtocol.V4.openPacket("abc", "[]", opts))
                    .isEqualTo("{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":60000,\"pingTimeout\":60000,\"maxPayload\":1000000}");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static Map<String, List<String>> q(String name, String value) {
        return Map.of(name, List.of(value));
    }
}
