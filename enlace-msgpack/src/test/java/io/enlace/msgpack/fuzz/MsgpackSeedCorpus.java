package io.enlace.msgpack.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.msgpack.MsgpackCodec;
import io.enlace.msgpack.MsgpackParser;
import io.enlace.msgpack.TimestampNode;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the seed corpus of the msgpack fuzz tests (committed under
 * {@code src/test/resources/io/enlace/msgpack/fuzz/<Test>Inputs/<method>/}). Run from enlace-msgpack with the test
 * class path, e.g. {@code java -cp target/test-classes:target/classes:<deps> io.enlace.msgpack.fuzz.MsgpackSeedCorpus
 * src/test/resources}.
 */
public final class MsgpackSeedCorpus {
    private MsgpackSeedCorpus() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources").resolve("io/enlace/msgpack/fuzz");
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectMapper json = new ObjectMapper();
        Map<String, byte[]> trees = new LinkedHashMap<>();
        MsgpackCodec codec = MsgpackCodec.notepack();
        trees.put("scalars", codec.encode(json.readTree("[null,true,false,0,-1,127,128,-33,65535,-2147483649,1.5,\"é\"]")));
        trees.put("nested", codec.encode(json.readTree("{\"a\":{\"b\":[1,{\"c\":\"d\"}]},\"e\":[]}")));
        ObjectNode withBinary = f.objectNode();
        withBinary.set("bin", BinaryNode.valueOf(new byte[] {1, 2, 3}));
        withBinary.set("date", TimestampNode.of(Instant.parse("2026-11-25T12:28:09.257123456Z")));
        withBinary.put("big", new BigInteger("18446744073709551615"));
        trees.put("binary-date-big", codec.encode(withBinary));
        trees.put("legacy-date-undefined", MsgpackCodec.notepackLegacy().encode(withBinary.deepCopy()
                .set("undefined", com.fasterxml.jackson.databind.node.MissingNode.getInstance())));
        HexFormat hex = HexFormat.of();
        trees.put("ext-types", hex.parseHex("93c70300010203d6ff00000001c70c" + "ff" + "000000010000000000000002"));
        trees.put("int-keys", hex.parseHex("83" + "01a161" + "c3a162" + "c0a163"));
        trees.put("float32", hex.parseHex("92ca40200000ca7fc00000"));
        write(root.resolve("MsgpackCodecFuzzTestInputs/decode"), trees);
        // findings (fixed): timestamps outside Java's Instant range threw DateTimeException, those outside JavaScript's
        // Date range ArithmeticException or made dates no client can hold; now MsgpackException (docs/fuzzing.md)
        Map<String, byte[]> regressions = new LinkedHashMap<>();
        regressions.put("timestamp96-beyond-instant", hex.parseHex("c70cff000000014000000000000000"));
        regressions.put("timestamp96-beyond-js-date", hex.parseHex("c70cff000000000000800000000000"));
        regressions.put("legacy-date-long-max", hex.parseHex("d7007fffffffffffffff"));
        Path decodeDir = root.resolve("MsgpackCodecFuzzTestInputs/decode");
        for (Map.Entry<String, byte[]> e : regressions.entrySet()) {
            Files.write(decodeDir.resolve("regression-" + e.getKey()), e.getValue());
        }

        Map<String, byte[]> packets = new LinkedHashMap<>();
        MsgpackParser p = MsgpackParser.instance();
        packets.put("connect", p.encodeToBytes(new Packet(PacketType.CONNECT, "/", Packet.NO_ID, json.readTree("{\"token\":1}"))));
        packets.put("connect-admin", p.encodeToBytes(new Packet(PacketType.CONNECT, "/admin", Packet.NO_ID, null)));
        packets.put("disconnect", p.encodeToBytes(new Packet(PacketType.DISCONNECT, "/", Packet.NO_ID, null)));
        packets.put("event", p.encodeToBytes(new Packet(PacketType.EVENT, "/", 7, json.readTree("[\"message\",1,{\"a\":[2.5]}]"))));
        JsonNode binArgs = f.arrayNode().add("bin").add(BinaryNode.valueOf(new byte[] {9, 9}))
                .add(TimestampNode.ofEpochMilli(1_700_000_000_000L));
        packets.put("event-binary", p.encodeToBytes(new Packet(PacketType.EVENT, "/chat", Packet.NO_ID, binArgs)));
        packets.put("ack", p.encodeToBytes(new Packet(PacketType.ACK, "/", 3, json.readTree("[\"ok\"]"))));
        packets.put("connect-error", p.encodeToBytes(new Packet(PacketType.CONNECT_ERROR, "/", Packet.NO_ID,
                json.readTree("{\"message\":\"no\"}"))));
        write(root.resolve("MsgpackParserFuzzTestInputs/packet"), packets);
        // finding (fixed): an id on a CONNECT was kept on decoding but not written back; regression-id-on-connect
        // (kept as the fuzzer wrote it) is in the same folder
    }

    private static void write(Path dir, Map<String, byte[]> seeds) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) Files.write(dir.resolve("seed-" + e.getKey()), e.getValue());
    }
}
