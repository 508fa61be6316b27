package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.internal.engine.V3Harness.Get;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.enlace.internal.engine.V3Harness.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine.IO v3 long-polling at the session (fake ports): the payload codec chosen by the handshake (XHR2, {@code b64},
 * JSONP), POST bodies by content type, the client-driven heartbeat, noop and close answers through the codec.
 * The same over real sockets and against Node's contract: {@code EngineV3InteropTest}.
 */
class EngineV3PollingTest {
    private static final String TEXT = "text/plain; charset=UTF-8";
    private static final String BINARY = "application/octet-stream";
    private static final Pattern OPEN = Pattern.compile(Pattern.quote(TEXT) + " (\\d+):0(\\{.*\\})");
    private V3Harness h = new V3Harness(EngineOptions.builder().pingInterval(60_000).pingTimeout(60_000).build());

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    /** Checks a handshake answer {@code <len>:0{...}} and returns the open packet's JSON. */
    private static String open(String answer) {
        Matcher m = OPEN.matcher(answer);
        assertThat(m.matches()).as(answer).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("the length counts the type and the JSON").isEqualTo(m.group(2).length() + 1);
        return m.group(2);
    }

    @Test
    void xhr2SessionsGetBinaryPayloadsWhenAnAnswerHoldsBinary() throws Exception {
        h.core.onConnection(s -> {
            s.send("hi", false);
            s.send(new byte[] {1, 2, 3}, false);
        });
        Get handshake = new Get("x");
        Session s = h.polling(query("polling"), handshake);
        assertThat(s.protocol()).isEqualTo(3);
        assertThat(open(handshake.next())).startsWith("{\"sid\":\"" + s.id() + "\",\"upgrades\":[\"websocket\"],");
        // marker 0 (string), length 3, 255, "4hi"; marker 1 (binary), length 4, 255, type 4 and the bytes
        assertThat(h.get(s).next()).isEqualTo(BINARY + " 0003ff346869" + "0104ff04010203");
        h.onLoop(() -> s.send("only text", false));
        assertThat(h.get(s).next()).isEqualTo(TEXT + " 10:4only text");
    }

    @Test
    void b64SessionsGetTextPayloadsWithBase64Packets() throws Exception {
        h.core.onConnection(s -> {
            s.send("hé", false);
            s.send(new byte[] {1, 2, 3}, false);
        });
        Get handshake = new Get("x");
        Session s = h.polling(query("polling", "b64", "1"), handshake);
        open(handshake.next());
        assertThat(h.get(s).next()).isEqualTo(TEXT + " 3:4hé6:b4AQID");
    }

    @Test
    void jsonpSessionsGetScriptsAndPostForms() throws Exception {
        h.core.onConnection(s -> s.send(new byte[] {1, 2, 3}, false));
        Get handshake = new Get("x");
        Session s = h.polling(query("polling", "j", "a7", "b64", "1"), handshake);
        String script = handshake.next();
        assertThat(script).startsWith(TEXT + " ___eio[7](\"").endsWith("\");");
        assertThat(script).contains(":0{\\\"sid\\\":\\\"" + s.id() + "\\\"");
        assertThat(h.get(s).next()).isEqualTo(TEXT + " ___eio[7](\"6:b4AQID\");");
        // the form of engine.io-client 3: d=<payload>, whatever the content type says
        assertThat(h.post(s, "application/x-www-form-urlencoded", "d=7%3A4hello%2B".getBytes(StandardCharsets.UTF_8)).next())
                .isEqualTo("ok");
        assertThat(h.nextMessage()).isEqualTo("hello+");
        assertThat(h.post(s, "d=2:4a&x=1").next()).isEqualTo("ok");
        assertThat(h.nextMessage()).isEqualTo("a");
        // a close packet from the client: the pending GET gets a noop, wrapped
        Get pending = h.get(s);
        assertThat(h.post(s, "application/x-www-form-urlencoded", "d=1%3A1".getBytes(StandardCharsets.UTF_8)).next()).isEqualTo("ok");
        assertThat(pending.next()).isEqualTo(TEXT + " ___eio[7](\"1:6\");");
        assertThat(h.nextClose()).isEqualTo("transport close");
    }

    @Test
    void postsAreBinaryPayloadsOnlyForExactlyOctetStream() throws Exception {
        Get handshake = new Get("x");
        Session s = h.polling(query("polling"), handshake);
        open(handshake.next());
        byte[] binary = HexFormat.of().parseHex("0104ff04010203" + "0006ff" + HexFormat.of().formatHex("4hello".getBytes(StandardCharsets.US_ASCII)));
        assertThat(h.post(s, BINARY, binary).next()).as("v3 takes octet-stream (v4 refuses it)").isEqualTo("ok");
        assertThat((byte[]) h.nextMessage()).containsExactly(1, 2, 3);
        assertThat(h.nextMessage()).isEqualTo("hello");
        assertThat(h.post(s, "6:4hello").next()).isEqualTo("ok");
        assertThat(h.nextMessage()).isEqualTo("hello");
        assertThat(h.post(s, null, "6:b4AQID".getBytes(StandardCharsets.US_ASCII)).next()).isEqualTo("ok");
        assertThat((byte[]) h.nextMessage()).containsExactly(1, 2, 3);
        // a text payload sent as octet-stream is not a binary payload: parse error, the session closes
        assertThat(h.post(s, BINARY, "6:4hello".getBytes(StandardCharsets.US_ASCII)).next())
                .isEqualTo("refuse BAD_REQUEST PARSE_ERROR");
        assertThat(h.nextClose()).isEqualTo("parse error: bad binary payload marker");
    }

    @Test
    void theClientPingsAndTheServerPongsWithoutData() throws Exception {
        Get handshake = new Get("x");
        Session s = h.polling(query("polling", "b64", "1"), handshake);
        open(handshake.next());
        assertThat(h.post(s, "1:2").next()).isEqualTo("ok");
        assertThat(h.get(s).next()).isEqualTo(TEXT + " 1:3");
        // "2probe" on the polling transport is a plain ping: a pong without data
        assertThat(h.post(s, "6:2probe").next()).isEqualTo("ok");
        assertThat(h.get(s).next()).isEqualTo(TEXT + " 1:3");
        // a pong from a v3 client is the wrong direction
        Get pending = h.get(s);
        assertThat(h.post(s, "1:3").next()).isEqualTo("ok");
        assertThat(pending.next()).isEqualTo(TEXT + " 1:1");
        assertThat(h.nextClose()).isEqualTo("transport error: invalid heartbeat direction");
    }

    @Test
    void aSessionThatDoesNotPingTimesOutAndIsNeverPinged() throws Exception {
        h.close();
        h = new V3Harness(EngineOptions.builder().pingInterval(100).pingTimeout(100).build());
        Get handshake = new Get("x");
        long start = System.nanoTime();
        Session s = h.polling(query("polling", "b64", "1"), handshake);
        open(handshake.next());
        Get pending = h.get(s);
        assertThat(h.nextClose()).isEqualTo("ping timeout");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(200);
        assertThat(pending.next()).as("no server ping came first: the close packet").isEqualTo(TEXT + " 1:1");
    }

    @Test
    void forcedCloseAndNoopAnswersGoThroughTheCodec() throws Exception {
        Get handshake = new Get("x");
        Session s = h.polling(query("polling"), handshake);
        open(handshake.next());
        Get pending = h.get(s);
        h.onLoop(s::close);
        assertThat(pending.next()).isEqualTo(TEXT + " 1:1");
        assertThat(h.nextClose()).isEqualTo("forced close");

        Get handshake2 = new Get("y");
        Session s2 = h.polling(query("polling", "j", "0"), handshake2);
        handshake2.next();
        h.onLoop(() -> s2.send("bye", false));
        h.onLoop(s2::close); // no GET pending: the next GET gets what is queued, then the close packet
        assertThat(h.get(s2).next()).isEqualTo(TEXT + " ___eio[0](\"4:4bye1:1\");");
        assertThat(h.nextClose()).isEqualTo("forced close");
    }
}
