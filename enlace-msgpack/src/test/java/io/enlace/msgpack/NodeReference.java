package io.enlace.msgpack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.testing.Commands;
import io.enlace.testing.Requirements;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the Node scripts of interop/msgpack (notepack.io, socket.io-msgpack-parser) and reads their tagged JSON. */
final class NodeReference {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HexFormat HEX = HexFormat.of();

    private NodeReference() {
    }

    static Path interopDir() {
        Path dir = Path.of(System.getProperty("user.dir")).resolve("../interop/msgpack").normalize();
        assertThat(dir.resolve("package.json")).as("interop/msgpack").isRegularFile();
        return dir;
    }

    /** Runs {@code node <script>} (after {@code npm ci} when node_modules is missing) and parses its stdout. */
    static JsonNode run(String script) throws Exception {
        Path dir = interopDir();
        Requirements.requireNode();
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            int rc = Commands.exitCode(dir, 300, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(rc).as("npm ci in " + dir).isZero();
        }
        File out = File.createTempFile("vectors", ".json");
        try {
            Process p = new ProcessBuilder("node", script).directory(dir.toFile())
                    .redirectOutput(out).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node " + script + " finished").isTrue();
            assertThat(p.exitValue()).as("node " + script + " exit code").isZero();
            return JSON.readTree(Files.readString(out.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    /** Turns the scripts' tagged JSON into the tree a Java caller would build for the same JavaScript value. */
    static JsonNode untag(JsonNode t) {
        if (t.isObject()) {
            if (t.has("$bin")) return BinaryNode.valueOf(HEX.parseHex(t.get("$bin").asText()));
            if (t.has("$date")) return TimestampNode.ofEpochMilli(t.get("$date").asLong());
            if (t.has("$double")) return DoubleNode.valueOf(t.get("$double").doubleValue());
            if (t.has("$num")) return DoubleNode.valueOf(jsNumber(t.get("$num").asText()));
            if (t.has("$undefined")) return MissingNode.getInstance();
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                o.set(e.getKey(), untag(e.getValue()));
            }
            return o;
        }
        if (t.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            t.forEach(e -> a.add(untag(e)));
            return a;
        }
        return t;
    }

    static double jsNumber(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            case "-0" -> -0.0;
            default -> Double.parseDouble(s);
        };
    }

    /** Asserts that a decoded tree is what notepack.io decoded (numbers compared as JavaScript doubles). */
    static void assertJsEquals(String where, JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber() && expected.doubleValue() == actual.doubleValue()) {
            return; // fast path for the large matrices
        }
        if (expected.isTextual() && expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && expected.has("$bin")) {
            assertThat(actual.isBinary()).as(where + " is binary: " + actual).isTrue();
            assertThat(HEX.formatHex(((BinaryNode) actual).binaryValue())).as(where).isEqualTo(expected.get("$bin").asText());
        } else if (expected.isObject() && expected.has("$date")) {
            assertThat(actual).as(where).isInstanceOf(TimestampNode.class);
            assertThat(((TimestampNode) actual).epochMilli()).as(where).isEqualTo(expected.get("$date").asLong());
            if (expected.hasNonNull("iso")) {
                assertThat(actual.textValue()).as(where + " ISO text").isEqualTo(expected.get("iso").asText());
            }
        } else if (expected.isObject() && (expected.has("$num") || expected.has("$double"))) {
            double d = expected.has("$num") ? jsNumber(expected.get("$num").asText()) : expected.get("$double").doubleValue();
            assertThat(actual.isNumber()).as(where).isTrue();
            assertThat(Double.isNaN(d) ? Double.isNaN(actual.doubleValue()) : actual.doubleValue() == d).as(where + ": " + actual + " vs " + d).isTrue();
        } else if (expected.isObject() && expected.has("$undefined")) {
            assertThat(actual.isMissingNode() || actual.isNull()).as(where + " undefined").isTrue();
        } else if (expected.isObject()) {
            assertThat(actual.isObject()).as(where + " is an object: " + actual).isTrue();
            List<String> keys = new ArrayList<>();
            expected.fields().forEachRemaining(e -> {
                if (!(e.getValue().isObject() && e.getValue().has("$undefined"))) keys.add(e.getKey());
            });
            List<String> actualKeys = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualKeys::add);
            assertThat(actualKeys).as(where + " keys").containsExactlyElementsOf(keys);
            for (String k : keys) assertJsEquals(where + "." + k, expected.get(k), actual.get(k));
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(where + " is an array: " + actual).isTrue();
            assertThat(actual.size()).as(where + " size").isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) assertJsEquals(where + "[" + i + "]", expected.get(i), actual.get(i));
        } else if (expected.isNumber()) {
            assertThat(actual.isNumber()).as(where + " is a number: " + actual).isTrue();
            assertThat(actual.doubleValue()).as(where).isEqualTo(expected.doubleValue());
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }
}
