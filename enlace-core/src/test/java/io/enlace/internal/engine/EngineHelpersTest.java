package io.enlace.internal.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Session ids and the negotiation of HTTP compression. */
class EngineHelpersTest {

    @Test
    void sidsAreTwentyUrlSafeCharacters() {
        for (int i = 0; i < 200; i++) {
            assertThat(SessionRegistry.generateId()).hasSize(20).matches("[A-Za-z0-9_-]{20}");
        }
    }

    @Test
    void acceptEncodingNegotiation() {
        assertThat(RealEngineServer.pickEncoding("gzip, deflate, br")).isEqualTo("gzip");
        assertThat(RealEngineServer.pickEncoding("deflate")).isEqualTo("deflate");
        assertThat(RealEngineServer.pickEncoding("gzip;q=0, deflate")).isEqualTo("deflate");
        assertThat(RealEngineServer.pickEncoding("br")).isNull();
        assertThat(RealEngineServer.pickEncoding(null)).isNull();
    }
}
