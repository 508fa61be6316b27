package io.enlace.msgpack;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.enlace.testing.LeakGuardExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real socket.io-client with socket.io-msgpack-parser against an Enlace server using {@link MsgpackParser}. */
@ExtendWith(LeakGuardExtension.class)
class MsgpackEndToEndTest {

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void nodeClientTalksToEnlace(String transport) throws Exception {
        Path dir = NodeReference.interopDir();
        NodeReference.run("vectors.js"); // makes sure node and node_modules are there (or skips)
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().parser(MsgpackParser.instance()).build());
        io.onConnection(socket -> {
            socket.emit("welcome", TimestampNode.ofEpochMilli(1795609689257L), new byte[] {1, 2, 3}, "text", 42, 0.5, socket.handshake().auth());
            socket.on("echo", (args, ack) -> ack.send(args.node(0), args.node(1)));
            socket.on("ask-me", (args, ack) -> socket.timeout(Duration.ofSeconds(5)).emitWithAck("question", 5)
                    .thenAccept(answer -> socket.emit("done", answer.node(0), answer.node(1))));
        });
        NettyServer http = io.attach(NettyServer.builder().host("127.0.0.1").port(0)).build().start().get(10, TimeUnit.SECONDS);
        File out = File.createTempFile("client-check", ".json");
        try {
            Process p = new ProcessBuilder("node", "client-check.js", Integer.toString(http.port()), transport).directory(dir.toFile())
                    .redirectOutput(out).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("client-check.js done within 30 s").isTrue();
            String result = Files.readString(out.toPath());
            assertThat(p.exitValue()).as("client-check.js exit code; its output: " + result).isZero();
            JsonNode r = NodeReference.JSON.readTree(result);
            assertThat(r.has("error")).as(r.toString()).isFalse();
            assertThat(r.get("welcome").toString())
                    .isEqualTo("[{\"$date\":1795609689257},{\"$bin\":\"010203\"},\"text\",42,0.5,{\"token\":\"t\"}]");
            assertThat(r.get("echoAck").toString()).isEqualTo("[{\"$bin\":\"0908\"},{\"nested\":[1.5,\"x\"]}]");
            assertThat(r.get("question").asInt()).isEqualTo(5);
            assertThat(r.get("done").toString()).isEqualTo("[\"answer\",{\"$bin\":\"07\"}]");
        } finally {
            Files.deleteIfExists(out.toPath());
            io.close().get(10, TimeUnit.SECONDS);
            http.stop().get(10, TimeUnit.SECONDS);
        }
    }
}
