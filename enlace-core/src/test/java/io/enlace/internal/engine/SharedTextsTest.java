package io.enlace.internal.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache of recent handshake texts, on texts chosen to fall into one set. */
class SharedTextsTest {

    /** Texts like a handshake's (a Host with a port) that all fall into the set of the first one found. */
    private static List<String> textsOfOneSet(int count) {
        List<String> out = new ArrayList<>();
        int set = -1;
        for (int port = 1024; out.size() < count && port < 65536; port++) {
            String t = "127.0.0.1:" + port;
            if (set < 0) set = SharedTexts.setOf(t);
            if (SharedTexts.setOf(t) == set) out.add(t);
        }
        assertThat(out).hasSize(count);
        return out;
    }

    @Test
    void fourTextsOfOneSetAreAllSharedByTheNextHandshake() {
        SharedTexts texts = new SharedTexts();
        List<String> first = textsOfOneSet(4);
        for (String t : first) assertThat(texts.recent(t)).isSameAs(t);
        // the next handshake brings equal texts, as new instances, in the same order
        for (String t : first) {
            String again = new String(t);
            assertThat(texts.recent(again)).isSameAs(t);
        }
    }

    @Test
    void theOldestTextOfAFullSetMakesRoomForANewOne() {
        SharedTexts texts = new SharedTexts();
        List<String> five = textsOfOneSet(5);
        for (String t : five) texts.recent(t);
        // the first one was dropped: an equal text is kept as given (and now stored in its turn)
        String again = new String(five.get(0));
        assertThat(texts.recent(again)).isSameAs(again);
        assertThat(texts.recent(new String(five.get(4)))).isSameAs(five.get(4));
    }

    @Test
    void longTextsAreNotKept() {
        SharedTexts texts = new SharedTexts();
        String url = "/engine.io/?EIO=4&transport=websocket&token=" + "x".repeat(300);
        texts.recent(url);
        assertThat(texts.recent(new String(url))).isNotSameAs(url);
    }
}
