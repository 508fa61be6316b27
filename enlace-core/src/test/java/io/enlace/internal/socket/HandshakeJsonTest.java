package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.Handshake;
import io.enlace.parser.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The handshake on the cluster wire: Node's field names and order, and back without loss. */
class HandshakeJsonTest {

    private static Handshake sample() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "127.0.0.1:3000");
        headers.put("accept", "a, b");
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("EIO", List.of("4"));
        query.put("tag", List.of("x", "y"));
        JsonNode auth = JsonParser.defaultMapper().createObjectNode().put("token", "t");
        return new Handshake(headers, "Sun Dec 06 2026 04:00:00 GMT+0000 (Coordinated Universal Time)", "127.0.0.1",
                true, false, 1_765_000_000_000L, "/socket.io/?EIO=4&tag=x&tag=y", query, auth);
    }

    @Test
    void nodeShapeInNodeOrder() {
        ObjectNode json = HandshakeJson.toJson(sample());
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("headers", "time", "address", "xdomain", "secure", "issued", "url", "query", "auth");
        assertThat(json.path("query").path("EIO").isTextual()).isTrue();
        assertThat(json.path("query").path("tag").isArray()).isTrue();
        assertThat(json.path("issued").isNumber()).isTrue();
        assertThat(json.path("auth").path("token").asText()).isEqualTo("t");
    }

    @Test
    void roundTripKeepsEveryField() {
        Handshake h = sample();
        Handshake back = HandshakeJson.fromJson(HandshakeJson.toJson(h), JsonParser.defaultMapper());
        assertThat(back.headers()).isEqualTo(h.headers());
        assertThat(back.time()).isEqualTo(h.time());
        assertThat(back.address()).isEqualTo(h.address());
        assertThat(back.xdomain()).isEqualTo(h.xdomain());
        assertThat(back.secure()).isEqualTo(h.secure());
        assertThat(back.issued()).isEqualTo(h.issued());
        assertThat(back.url()).isEqualTo(h.url());
        assertThat(back.query()).isEqualTo(h.query());
        assertThat(back.auth()).isEqualTo(h.auth());
    }

    @Test
    void missingPartsAreEmptyAndRepeatedHeadersAreJoined() throws Exception {
        ObjectNode node = (ObjectNode) JsonParser.defaultMapper().readTree("{\"headers\":{\"cookie\":[\"a=1\",\"b=2\"]}}");
        Handshake h = HandshakeJson.fromJson(node, JsonParser.defaultMapper());
        assertThat(h.header("Cookie")).isEqualTo("a=1, b=2");
        assertThat(h.query()).isEmpty();
        assertThat(h.auth().isObject()).isTrue();
        assertThat(h.auth().size()).isZero();
        assertThat(h.time()).isNull();
        Handshake none = HandshakeJson.fromJson(null, JsonParser.defaultMapper());
        assertThat(none.headers()).isEmpty();
        assertThat(none.issued()).isZero();
    }
}
