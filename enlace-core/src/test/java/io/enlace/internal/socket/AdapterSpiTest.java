package io.enlace.internal.socket;

import io.enlace.internal.engine.EngineHarness;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.enlace.Args;
import io.enlace.ServerOptions;
import io.enlace.adapter.AdapterContext;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.adapter.InMemoryAdapter;
import io.enlace.parser.JsonParser;
import io.enlace.parser.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a cluster adapter sees through the SPI, with a recording subclass of the in-memory adapter. */
class AdapterSpiTest extends SocketLayerTest {
    /** Records broadcasts and loops serverSideEmit back as if another server had sent it. */
    static final class RecordingAdapter extends InMemoryAdapter {
        static final List<RecordingAdapter> ALL = new CopyOnWriteArrayList<>();
        final List<Packet> packets = new CopyOnWriteArrayList<>();
        final List<BroadcastOptions> options = new CopyOnWriteArrayList<>();

        RecordingAdapter(AdapterContext ctx) {
            super(ctx);
            ALL.add(this);
        }

        @Override
        public void broadcast(Packet packet, BroadcastOptions opts) {
            packets.add(packet);
            options.add(opts);
            super.broadcast(packet, opts);
        }

        @Override
        public void serverSideEmit(ArrayNode eventAndArgs) { context().onServerSideEmit(eventAndArgs, null); }

        @Override
        public CompletableFuture<List<ArrayNode>> serverSideEmitWithAck(ArrayNode eventAndArgs, Duration timeout) {
            CompletableFuture<List<ArrayNode>> f = new CompletableFuture<>();
            context().onServerSideEmit(eventAndArgs, answer -> f.complete(List.of(answer)));
            return f;
        }

        @Override
        public CompletableFuture<Integer> serverCount() { return CompletableFuture.completedFuture(2); }
    }

    @AfterEach
    void clearAdapters() {
        RecordingAdapter.ALL.clear();
    }

    @Test
    void broadcastsReachTheAdapterWithPacketAndOptions() throws Exception {
        start(ServerOptions.builder().adapter(RecordingAdapter::new));
        RecordingAdapter main = (RecordingAdapter) io.sockets().adapter();
        io.to("a", "b").except("c").local().compress(false).emit("news", 1, new byte[]{2});
        assertThat(main.packets).hasSize(1);
        Packet p = main.packets.get(0);
        assertThat(p.nsp()).isEqualTo("/");
        assertThat(p.hasId()).isFalse();
        assertThat(p.data().get(0).asText()).isEqualTo("news");
        assertThat(p.data().get(2).isBinary()).isTrue();
        BroadcastOptions o = main.options.get(0);
        assertThat(o.rooms()).containsExactlyInAnyOrder("a", "b");
        assertThat(o.except()).containsExactly("c");
        assertThat(o.flags().local()).isTrue();
        assertThat(o.flags().compress()).isFalse();
        assertThat(io.of("/other").adapter()).isInstanceOf(RecordingAdapter.class).isNotSameAs(main);
    }

    @Test
    void serverSideEmitIsDeliveredToListenersWithAcks() throws Exception {
        start(ServerOptions.builder().adapter(RecordingAdapter::new));
        List<String> got = new CopyOnWriteArrayList<>();
        io.sockets().onServerSideEmit("hello", (args, ack) -> {
            got.add(args.string(0));
            ack.send("hi back", args.node(1));
        });
        io.serverSideEmit("hello", "one", 1);
        assertThat(got).containsExactly("one");
        List<Args> answers = io.serverSideEmitWithAck(Duration.ofSeconds(1), "hello", "two", 2).get(2, TimeUnit.SECONDS);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).string(0)).isEqualTo("hi back");
        assertThat(answers.get(0).node(1).asInt()).isEqualTo(2);
    }

    @Test
    void broadcastAckWaitsForEveryServerCount() throws Exception {
        start(ServerOptions.builder().adapter(RecordingAdapter::new));
        EngineHarness.Conn c = engine.connect();
        c.receive("0");
        assertThat(c.nextText()).startsWith("0{\"sid\":");
        // serverCount says 2, but only this server reports its clients: even with every local client's answer in, the
        // future times out (as Node's does), and not before its timeout
        long t0 = System.nanoTime();
        CompletableFuture<List<Args>> f = io.timeout(Duration.ofMillis(150)).emitWithAck("q");
        String sent = c.nextText();
        assertThat(sent).matches("2\\d+\\[\"q\"\\]");
        c.receive("3" + sent.substring(1, sent.indexOf('[')) + "[\"a\"]");
        assertThat(f).isNotDone();
        assertThat(f).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(TimeoutException.class).withMessage("operation has timed out");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(150);
    }

    @Test
    void userObjectMapperIsUsed() throws Exception {
        ObjectMapper mapper = JsonParser.defaultMapper().copy().enable(SerializationFeature.WRITE_ENUMS_USING_INDEX)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        start(ServerOptions.builder().objectMapper(mapper));
        assertThat(io.options().objectMapper()).isSameAs(mapper);
        BlockingQueue<int[]> got = new LinkedBlockingQueue<>();
        io.onConnection(s -> {
            s.emit("e", Map.of("k", java.time.DayOfWeek.TUESDAY));
            s.on("nums", (args, ack) -> got.add(args.get(0, int[].class)));
        });
        EngineHarness.Conn c = engine.connect();
        c.receive("0");
        c.nextText();
        // written with the user's mapper (enums as indexes)...
        assertThat(c.nextText()).isEqualTo("2[\"e\",{\"k\":1}]");
        // ...and read with it: a single value accepted as an array, which the default mapper refuses
        c.receive("2[\"nums\",7]");
        assertThat(got.poll(2, TimeUnit.SECONDS)).containsExactly(7);
        assertThatThrownBy(() -> JsonParser.defaultMapper().treeToValue(mapper.readTree("7"), int[].class))
                .isInstanceOf(com.fasterxml.jackson.databind.exc.MismatchedInputException.class);
    }

    @Test
    void virtualThreadExecutorRunsTasks() throws Exception {
        var ex = ServerOptions.virtualThreadExecutor();
        try {
            CompletableFuture<Boolean> virtual = CompletableFuture.supplyAsync(() -> {
                try {
                    return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
                } catch (ReflectiveOperationException e) {
                    return false; // JDK 17: the fallback pool
                }
            }, ex);
            boolean isVirtual = virtual.get(2, TimeUnit.SECONDS);
            assertThat(isVirtual).isEqualTo(Runtime.version().feature() >= 21);
        } finally {
            ex.shutdown();
        }
    }
}
