package io.enlace.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the seed corpus of the fuzz tests of this package (committed under
 * {@code src/test/resources/io/enlace/fuzz/<Test>Inputs/<method>/}; findings fixed later are added there by hand, named
 * {@code regression-*}). Run from enlace-core after {@code mvn test-compile}:
 * {@code java -cp target/test-classes io.enlace.fuzz.SeedCorpus src/test/resources}.
 */
public final class SeedCorpus {
    private SeedCorpus() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources").resolve("io/enlace/fuzz");
        write(root.resolve("EnginePayloadFuzzTestInputs/payload"), enginePayloads());
        write(root.resolve("JsonParserFuzzTestInputs/messages"), socketIoMessages());
        writeRegressions(root.resolve("JsonParserFuzzTestInputs/messages"), Map.of(
                // NaN/Infinity were written as the strings "Infinity"/"-Infinity" (Node: null); docs/fuzzing.md
                "infinity", text("2[\"x\",1e400,{\"a\":[-1e999]}]")));
        write(root.resolve("HttpPipelineFuzzTestInputs/connection"), connections());
        write(root.resolve("V3CodecFuzzTestInputs/v3"), v3Inputs());
    }

    /** V3CodecFuzzTest: the first byte picks the form (0 text payload, 1 binary payload, 2 JSONP form, 3/4 frames). */
    static Map<String, byte[]> v3Inputs() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("text", v3(0, utf8("6:4hello1:21:66:b4AQID2:4é3:4😀0:")));
        m.put("text-bad-length", v3(0, utf8("9:4hello")));
        m.put("binary", v3(1, new byte[] {1, 4, (byte) 255, 4, 1, 2, 3, 0, 6, (byte) 255, '4', 'h', 'e', 'l', 'l', 'o',
                0, 1, (byte) 255, '2'}));
        m.put("binary-big-length", v3(1, new byte[] {1, 9, 9, 9, 9, 9, 9, 9, 9, 9, (byte) 255, 4}));
        m.put("jsonp", v3(2, utf8("d=6%3A4he%5Cnllo&x=1")));
        m.put("jsonp-bad-percent", v3(2, utf8("d=6%3A4hel%ZZ")));
        m.put("frame-text", v3(3, utf8("b4AQID")));
        m.put("frame-binary", v3(4, new byte[] {4, 1, 2, 3}));
        return m;
    }

    private static byte[] v3(int form, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = (byte) form;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /** Inputs that found a bug (fixed since), kept so that the bug stays fixed. */
    private static void writeRegressions(Path dir, Map<String, byte[]> inputs) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
            Files.write(dir.resolve("regression-" + e.getKey()), e.getValue());
        }
    }

    private static void write(Path dir, Map<String, byte[]> seeds) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) Files.write(dir.resolve("seed-" + e.getKey()), e.getValue());
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static byte[] latin1(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    static Map<String, byte[]> enginePayloads() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("message", utf8("4hello"));
        m.put("mixed", utf8("4hello\u001ebAQIDBA==\u001e2\u001e4"));
        m.put("types", utf8("0\u001e1\u001e2\u001e3\u001e5\u001e6"));
        m.put("empty-packet", utf8("6\u001e\u001e6"));
        m.put("separator", utf8("\u001e"));
        m.put("base64-spaces", utf8("b AQ ID\nBA==\r\n"));
        m.put("base64-broken", utf8("b!!!"));
        m.put("unicode", utf8("4€ 😀 ñ\u001e4\u0000"));
        m.put("bad-utf8", new byte[] {'4', (byte) 0xc3, 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
        m.put("socketio", utf8("40/admin,{\"token\":1}\u001e42[\"message\",\"x\"]\u001e3"));
        return m;
    }

    private static byte[] text(String s) { return FuzzInput.frames(0, utf8(s)); }

    static Map<String, byte[]> socketIoMessages() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        String[] texts = {
            "0", "0{\"token\":\"x\"}", "0/admin,{}", "1", "1/admin,", "2[\"message\",1,{\"a\":[true,null,1.5e3,-0.0]}]",
            "21[\"message-with-ack\"]", "2/admin,7[\"x\"]", "3[]", "31[\"ok\"]", "4{\"message\":\"x\"}", "4\"str\"",
            "29007199254740991[\"x\"]", "2[\"x\",123456789012345678901234567890]", "2[\"x\",\"\\ud83d\\ude00\"]",
            "2[\"x\"" + ",[".repeat(60) + "1" + "]".repeat(60) + "]", "2/nsp"
        };
        for (int i = 0; i < texts.length; i++) m.put("text-" + i, text(texts[i]));
        m.put("binary-event", FuzzInput.frames(0, utf8("51-[\"x\",{\"_placeholder\":true,\"num\":0}]"), 1, new byte[] {1, 2, 3}));
        m.put("binary-event-two", FuzzInput.frames(0,
                utf8("52-/admin,3[\"x\",{\"a\":{\"_placeholder\":true,\"num\":1}},[{\"_placeholder\":true,\"num\":0}]]"),
                1, new byte[] {9}, 1, new byte[0]));
        m.put("binary-ack", FuzzInput.frames(0, utf8("61-5[{\"_placeholder\":true,\"num\":0}]"), 1, new byte[] {7, 7}));
        m.put("then-text", FuzzInput.frames(0, utf8("2[\"a\"]"), 0, utf8("3/admin,4[1]")));
        return m;
    }

    // ---- HTTP ----

    private static final String H = " HTTP/1.1\r\nHost: x\r\n";

    private static byte[] conn(int start, byte[]... chunks) {
        Object[] frames = new Object[chunks.length * 2];
        for (int i = 0; i < chunks.length; i++) {
            frames[2 * i] = 0;
            frames[2 * i + 1] = chunks[i];
        }
        byte[] f = FuzzInput.frames(frames);
        byte[] out = new byte[f.length + 1];
        out[0] = (byte) start;
        System.arraycopy(f, 0, out, 1, f.length);
        return out;
    }

    private static byte[] post(String query, String body, String... headers) {
        byte[] b = utf8(body);
        StringBuilder sb = new StringBuilder("POST /socket.io/?" + query + H);
        for (String h : headers) sb.append(h).append("\r\n");
        sb.append("Content-Length: ").append(b.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(latin1(sb.toString()));
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] get(String target) { return latin1("GET " + target + H + "\r\n"); }

    /** A masked WebSocket frame with the zero mask key (the payload reads as it is). */
    static byte[] wsFrame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        }
        out.writeBytes(new byte[4]);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] wsText(String s) { return wsFrame(true, 1, utf8(s)); }

    static Map<String, byte[]> connections() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        String sidQ = "EIO=4&transport=polling&sid=SID";
        m.put("handshake", conn(0, get("/socket.io/?EIO=4&transport=polling")));
        m.put("handshake-bad-escape", conn(0, get("/socket.io/?EIO=4&transport=polling&x=%zz&t=a+b")));
        m.put("refusals", conn(0, get("/socket.io/?EIO=3&transport=polling"), get("/socket.io/?transport=x"),
                get("/socket.io/?EIO=4&transport=polling&sid=nope"), latin1("PUT /socket.io/?EIO=4&transport=polling" + H
                        + "Content-Length: 2\r\n\r\n40")));
        m.put("client-file", conn(0, latin1("GET /socket.io/socket.io.min.js" + H + "Accept-Encoding: br, gzip\r\n"
                + "If-None-Match: \"x\"\r\n\r\n"), get("/socket.io/../../etc/passwd"), get("/nope")));
        m.put("pipelined", conn(0, latin1("GET /socket.io/?EIO=4&transport=polling" + H + "\r\nGET /socket.io/?EIO=4&t"),
                latin1("ransport=polling" + H + "\r\n")));
        m.put("connect-emit-ack", conn(1, post(sidQ, "40"), get("/socket.io/?" + sidQ),
                post(sidQ, "42[\"message\",\"x\"]\u001e421[\"message-with-ack\",{\"a\":1}]\u001e42[\"join\",\"r\"]"
                        + "\u001e42[\"to-room\",\"r\",2]"), get("/socket.io/?" + sidQ)));
        m.put("admin-and-binary", conn(1, post(sidQ, "40/admin,{\"token\":\"t\"}\u001e40"),
                post(sidQ, "451-[\"binary\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID"), get("/socket.io/?" + sidQ)));
        m.put("chunked-post", conn(1, latin1("POST /socket.io/?" + sidQ + H + "Transfer-Encoding: chunked\r\n\r\n2\r\n40\r\n"),
                latin1("0\r\n\r\n"), get("/socket.io/?" + sidQ)));
        m.put("expect-continue", conn(1, latin1("POST /socket.io/?" + sidQ + H + "Expect: 100-continue\r\n"
                + "Content-Length: 2\r\n\r\n"), latin1("40")));
        m.put("octet-stream", conn(1, post(sidQ, "40", "Content-Type: application/octet-stream")));
        m.put("close-and-disconnect", conn(1, post(sidQ, "40\u001e42[\"disconnect-me\"]"), get("/socket.io/?" + sidQ),
                post(sidQ, "1")));
        m.put("upgrade", conn(1, post(sidQ, "40"), latin1("GET /socket.io/?EIO=4&transport=websocket&sid=SID" + H
                        + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"),
                wsText("2probe"), wsText("5"), wsText("42[\"message\",1]")));
        m.put("ws-events", conn(2, wsText("40"), wsText("42[\"message\",\"x\"]"),
                wsText("421[\"message-with-ack\",[1,2]]"), wsText("3"), wsText("41")));
        m.put("ws-binary", conn(2, wsText("40"), wsText("451-[\"binary\",{\"_placeholder\":true,\"num\":0}]"),
                wsFrame(true, 2, new byte[] {1, 2, 3})));
        m.put("ws-fragments-ping", conn(2, wsFrame(false, 1, utf8("4")), wsFrame(true, 9, utf8("hi")),
                wsFrame(true, 0, utf8("0")), wsFrame(true, 8, new byte[] {3, (byte) 0xe8})));
        m.put("ws-bad", conn(2, wsText("7"), wsFrame(true, 1, new byte[] {'4', (byte) 0xc3, 0x28})));
        return m;
    }
}
