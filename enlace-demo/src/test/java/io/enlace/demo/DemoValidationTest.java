package io.enlace.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The input rules of the demo namespaces. */
class DemoValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"50", "51", "5000", "599999", "600000", "1000.0", "1e3", "5E2"})
    void validIntervals(String n) throws Exception {
        assertThat(RandomNumbers.validate(json(n))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"49", "0", "-1", "600001", "9223372036854775807", "99999999999999999999", "100.5",
        "49.0", "1e6", "50.000001", "\"1000\"", "null", "true", "{}", "[1000]", "{\"cada\":1000}"})
    void invalidIntervals(String n) throws Exception {
        assertThat(RandomNumbers.validate(json(n))).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a\"", "\"Ana María\"", "\" \"", "\"12345678901234567890123456789012\"",
        "\"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀\""})
    void validNames(String n) throws Exception {
        assertThat(ChatNamespace.validName(json(n))).isEqualTo(json(n).textValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"123456789012345678901234567890123\"", "42", "null", "{}", "[\"a\"]", "true"})
    void invalidNames(String n) throws Exception {
        assertThat(ChatNamespace.validName(json(n))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \"", "5", "null", "{}"})
    void invalidRooms(String n) throws Exception {
        assertThat(ChatNamespace.validRoom(json(n))).isNull();
        assertThat(ChatNamespace.validRoom(json("\"sala 1\""))).isEqualTo("sala 1");
        assertThat(ChatNamespace.validRoom(json("\"" + "r".repeat(65) + "\""))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3000", "0", "65535"})
    void ports(String p) {
        assertThat(SeedDemo.parsePort(p, "--port")).isEqualTo(Integer.parseInt(p));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "abc", ""})
    void badPorts(String p) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeedDemo.parsePort(p, "--port"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
    }
}
