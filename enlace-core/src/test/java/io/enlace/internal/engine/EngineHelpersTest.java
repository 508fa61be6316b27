package io.enlace.internal.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Session ids. */
class EngineHelpersTest {

    @Test
    void sidsAreTwentyUrlSafeCharacters() {
        for (int i = 0; i < 200; i++) {
            assertThat(SessionRegistry.generateId()).hasSize(20).matches("[A-Za-z0-9_-]{20}");
        }
    }
}
