package io.enlace.porting;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no SLF4J binding on the class path (a new project that only added enlace-core), every log line vanishes; an
 * exception thrown by a handler must still be seen: it reaches stderr, once, with a line saying how to add a binding.
 * Runs a child JVM whose class path is this one without slf4j-simple.
 */
class NoBindingTest {

    @Test
    void handlerErrorsReachStderrOnceWithoutABinding() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String withoutBinding = Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !e.contains("slf4j-simple")).collect(Collectors.joining(File.pathSeparator));
        assertThat(withoutBinding).contains("slf4j-api");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", withoutBinding, Child.class.getName()).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("child finished; stdout:\n%s\nstderr:\n%s", out, err).isTrue();
        assertThat(p.exitValue()).as("stdout:\n%s\nstderr:\n%s", out, err).isZero();
        assertThat(out).contains("answered pong");
        assertThat(count(err, "No SLF4J binding on the class path")).as(err).isEqualTo(1);
        assertThat(count(err, "org.slf4j:slf4j-simple")).as(err).isEqualTo(1);
        assertThat(count(err, "IllegalStateException: handler boom 1")).as(err).isEqualTo(1);
        assertThat(count(err, "IllegalStateException: handler boom 2")).as(err).isEqualTo(1);
        assertThat(err).contains("unhandled error on socket");
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** The child: a server whose handler throws twice, driven over a real WebSocket. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
            io.onConnection(socket -> {
                socket.on("boom", (a, ack) -> {
                    throw new IllegalStateException("handler boom " + a.node(0).asInt());
                });
                socket.on("ping", (a, ack) -> ack.send("pong"));
            });
            NettyServer http = io.listen(0).get(10, TimeUnit.SECONDS);
            EngineTestKit.Ws ws = EngineTestKit.Ws.connect("ws://127.0.0.1:" + http.port() + "/socket.io/?EIO=4&transport=websocket");
            ws.next(5000); // the Engine.IO open packet
            ws.send("40");
            String connect = (String) ws.next(5000);
            if (connect == null || !connect.startsWith("40{")) throw new AssertionError("no CONNECT: " + connect);
            ws.send("42[\"boom\",1]");
            ws.send("42[\"boom\",2]");
            ws.send("421[\"ping\"]"); // handled after the two failures: they are reported by then
            String answer = (String) ws.next(5000);
            while (answer != null && !answer.startsWith("431")) answer = (String) ws.next(5000);
            System.out.println("answered " + (answer == null ? null : answer.substring(answer.indexOf('"') + 1, answer.lastIndexOf('"'))));
            io.close().get(10, TimeUnit.SECONDS);
            System.exit(0);
        }
    }
}
