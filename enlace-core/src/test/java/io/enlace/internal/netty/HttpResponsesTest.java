package io.enlace.internal.netty;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The negotiation of HTTP compression and the JSON of error bodies. */
class HttpResponsesTest {

    @Test
    void acceptEncodingNegotiation() {
        assertThat(HttpResponses.pickEncoding("gzip, deflate, br")).isEqualTo("gzip");
        assertThat(HttpResponses.pickEncoding("deflate")).isEqualTo("deflate");
        assertThat(HttpResponses.pickEncoding("gzip;q=0, deflate")).isEqualTo("deflate");
        assertThat(HttpResponses.pickEncoding("br")).isNull();
        assertThat(HttpResponses.pickEncoding(null)).isNull();
    }

    @Test
    void errorMessagesAreJsonStrings() {
        assertThat(HttpResponses.jsonString("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
