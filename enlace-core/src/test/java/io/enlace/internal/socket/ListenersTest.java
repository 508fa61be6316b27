package io.enlace.internal.socket;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compact listener groups of a socket: order, removal of the first equal listener, no wrapper for one. */
class ListenersTest {

    private static List<Object> items(Object group) {
        List<Object> out = new ArrayList<>();
        for (int i = 0, n = Listeners.count(group); i < n; i++) out.add(Listeners.get(group, i));
        return out;
    }

    @Test
    void oneListenerIsStoredAsItself() {
        Runnable a = () -> { };
        assertThat(Listeners.count(null)).isZero();
        Object g = Listeners.append(null, a);
        assertThat(g).isSameAs(a);
        assertThat(items(g)).containsExactly(a);
        assertThat(Listeners.remove(g, a)).isNull();
        assertThat(Listeners.remove(g, (Runnable) () -> { })).isSameAs(g);
        assertThatThrownBy(() -> Listeners.get(g, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Listeners.append(g, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void orderAppendPrependAndRemoveFirstOccurrence() {
        Object g = null;
        g = Listeners.append(g, "b");
        g = Listeners.append(g, "c");
        g = Listeners.prepend(g, "a");
        g = Listeners.append(g, "b");
        assertThat(items(g)).containsExactly("a", "b", "c", "b");
        Object before = g;
        g = Listeners.remove(g, "b");
        assertThat(items(g)).containsExactly("a", "c", "b");
        assertThat(items(before)).containsExactly("a", "b", "c", "b"); // groups are never changed in place
        g = Listeners.remove(g, "a");
        g = Listeners.remove(g, "x");
        assertThat(items(g)).containsExactly("c", "b");
        g = Listeners.remove(g, "b");
        assertThat(g).isEqualTo("c");
        assertThat(Listeners.prepend(g, "z")).isEqualTo(new Object[] {"z", "c"});
        assertThat(Listeners.remove(g, "c")).isNull();
    }

    @Test
    void handlerTableFlatThenMapAndBack() {
        Object table = null;
        assertThat(SocketImpl.handlersOf(table, "e0")).isNull();
        for (int i = 0; i < 12; i++) {
            table = SocketImpl.withHandlers(table, "e" + i, Listeners.append(SocketImpl.handlersOf(table, "e" + i), "h" + i));
            assertThat(table instanceof Object[]).isEqualTo(i < 8);
        }
        table = SocketImpl.withHandlers(table, "e3", Listeners.append(SocketImpl.handlersOf(table, "e3"), "h3b"));
        for (int i = 0; i < 12; i++) {
            assertThat(items(SocketImpl.handlersOf(table, "e" + i))).containsExactlyElementsOf(i == 3 ? List.of("h3", "h3b") : List.of("h" + i));
        }
        for (int i = 11; i >= 4; i--) table = SocketImpl.withHandlers(table, "e" + i, null);
        assertThat(table).isInstanceOf(Object[].class);
        assertThat((Object[]) table).hasSize(8);
        for (int i = 0; i < 3; i++) assertThat(SocketImpl.handlersOf(table, "e" + i)).isEqualTo("h" + i);
        assertThat(items(SocketImpl.handlersOf(table, "e3"))).containsExactly("h3", "h3b");
        assertThat(SocketImpl.handlersOf(table, "e4")).isNull();
        for (int i = 0; i < 4; i++) table = SocketImpl.withHandlers(table, "e" + i, null);
        assertThat(table).isNull();
    }
}
