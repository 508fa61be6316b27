package io.enlace.internal.socket;

import io.enlace.DisconnectReason;
import io.enlace.Socket.DisconnectListener;
import io.enlace.Socket.EventHandler;
import io.enlace.parser.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A socket's typed listener storage: groups, the handler table, the whole set and Node's reserved names. */
class ListenerListTest {

    @Test
    void emptyIsSharedAndOneListenerNeedsNoArray() {
        ListenerList<String> empty = ListenerList.empty();
        assertThat(empty.size()).isZero();
        assertThat(empty).isSameAs(ListenerList.<Integer>empty());
        assertThatThrownBy(() -> empty.get(0)).isInstanceOf(IndexOutOfBoundsException.class);
        ListenerList<String> one = empty.plus("a");
        assertThat(one.toList()).containsExactly("a");
        assertThatThrownBy(() -> one.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(one.minus("a")).isSameAs(empty);
        assertThat(one.minus("x")).isSameAs(one);
        assertThat(one.minus(null)).isSameAs(one);
        assertThatThrownBy(() -> one.plus(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> one.prepend(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void orderAppendPrependAndRemoveFirstOccurrence() {
        ListenerList<String> g = ListenerList.<String>empty().plus("b").plus("c").prepend("a").plus("b");
        assertThat(g.toList()).containsExactly("a", "b", "c", "b");
        ListenerList<String> before = g;
        g = g.minus("b");
        assertThat(g.toList()).containsExactly("a", "c", "b");
        assertThat(before.toList()).containsExactly("a", "b", "c", "b"); // groups are never changed in place
        g = g.minus("a").minus("x");
        assertThat(g.toList()).containsExactly("c", "b");
        g = g.minus("b");
        assertThat(g.toList()).containsExactly("c");
        assertThat(g.size()).isEqualTo(1);
        assertThat(g.prepend("z").toList()).containsExactly("z", "c");
        assertThat(g.minus("c").isEmpty()).isTrue();
    }

    @Test
    void withoutDropsEveryMatchAndKeepsTheGroupWhenNoneMatches() {
        ListenerList<String> g = ListenerList.<String>empty().plus("x1").plus("a").plus("x2").plus("b");
        assertThat(g.without(s -> s.startsWith("x")).toList()).containsExactly("a", "b");
        assertThat(g.without(s -> s.startsWith("z"))).isSameAs(g);
        assertThat(g.without(s -> true).isEmpty()).isTrue();
        assertThat(g.without(s -> !s.equals("a")).toList()).containsExactly("a");
    }

    private static EventHandler handler(List<String> calls, String name) { return (args, ack) -> calls.add(name); }

    /** Calls the handlers {@code table} has for {@code event} as the socket does; returns what they recorded. */
    private static List<String> dispatch(HandlerTable table, String event, List<String> calls) throws Exception {
        for (int i = table.first(event); i >= 0; i = table.next(event, i)) table.handler(event, i).onEvent(null, RealAck.NONE);
        return calls;
    }

    @Test
    void handlerTableKeepsRegistrationOrderAsAChainThenAMapAndBack() throws Exception {
        List<String> calls = new ArrayList<>();
        HandlerTable table = HandlerTable.EMPTY;
        assertThat(table.first("e0")).isNegative();
        for (int i = 0; i < 12; i++) {
            table = table.plus("e" + i, handler(calls, "h" + i));
            assertThat(table.flat()).isEqualTo(i < HandlerTable.FLAT_HANDLERS);
            assertThat(table.size()).isEqualTo(i + 1);
        }
        HandlerTable twelve = table;
        table = table.plus("e3", handler(calls, "h3b"));
        for (int i = 0; i < 12; i++) {
            calls.clear();
            assertThat(dispatch(table, "e" + i, calls)).containsExactlyElementsOf(i == 3 ? List.of("h3", "h3b") : List.of("h" + i));
        }
        assertThat(twelve.handlers("e3")).as("tables are never changed in place").hasSize(1);
        assertThat(table.first(null)).isNegative();
        for (int i = 11; i >= 4; i--) table = table.without("e" + i);
        assertThat(table.flat()).isTrue();
        assertThat(table.size()).isEqualTo(5);
        assertThat(table.without("e4")).isSameAs(table);
        calls.clear();
        assertThat(dispatch(table, "e3", calls)).containsExactly("h3", "h3b");
        table = table.plus("e1", handler(calls, "h1b")).plus("e3", handler(calls, "h3c"));
        calls.clear();
        assertThat(dispatch(table, "e3", calls)).containsExactly("h3", "h3b", "h3c");
        calls.clear();
        assertThat(dispatch(table, "e1", calls)).containsExactly("h1", "h1b");
        assertThat(table.first("e4")).isNegative();
        for (int i = 0; i < 4; i++) table = table.without("e" + i);
        assertThat(table).isSameAs(HandlerTable.EMPTY);
    }

    @Test
    void nodeReservedNamesBecomeLifecycleListenersAndOffRemovesOnlyThose() throws Exception {
        List<String> calls = new ArrayList<>();
        var mapper = JsonParser.defaultMapper();
        DisconnectListener direct = (reason, description) -> calls.add("direct " + reason.reason());
        SocketListeners l = SocketListeners.EMPTY
                .withDisconnect(SocketListeners.EMPTY.disconnect.plus(direct))
                .on("chat", handler(calls, "chat"), mapper)
                .on("disconnect", (args, ack) -> calls.add("on(disconnect) " + args.string(0) + " " + args.size()), mapper)
                .on("error", (args, ack) -> calls.add("on(error) " + args.get(0, Throwable.class).getMessage()), mapper);
        dispatch(l.handlers, "chat", calls);
        assertThat(calls).containsExactly("chat");
        calls.clear();
        for (int i = 0; i < l.disconnect.size(); i++) l.disconnect.get(i).onDisconnect(DisconnectReason.PING_TIMEOUT, null);
        assertThat(calls).containsExactly("direct ping timeout", "on(disconnect) ping timeout 1");
        calls.clear();
        ListenerList<Consumer<Throwable>> errors = l.errors;
        errors.get(0).accept(new IllegalStateException("boom"));
        assertThat(calls).containsExactly("on(error) boom");
        assertThat(l.handlers.first("disconnect")).as("reserved names are not client events").isNegative();

        SocketListeners off = l.off("disconnect").off("error");
        assertThat(off.disconnect.toList()).containsExactly(direct);
        assertThat(off.errors.isEmpty()).isTrue();
        assertThat(off.handlers).isSameAs(l.handlers);
        assertThat(off.off("unknown")).isSameAs(off);
        assertThat(off.off("chat").handlers).isSameAs(HandlerTable.EMPTY);
        assertThat(l.handlers.handlers("chat")).as("l itself did not change").hasSize(1);
    }

    @Test
    void eventsNeverEmittedOnAServerSocketFailWithWhatToDo() {
        var mapper = JsonParser.defaultMapper();
        EventHandler h = (args, ack) -> { };
        assertThatThrownBy(() -> SocketListeners.EMPTY.on("connect", h, mapper)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.onConnection");
        assertThatThrownBy(() -> SocketListeners.EMPTY.on("connect_error", h, mapper)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketListeners.EMPTY.on("newListener", h, mapper)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not supported");
        assertThat(SocketListeners.EMPTY.handlers).isSameAs(HandlerTable.EMPTY);
    }
}
