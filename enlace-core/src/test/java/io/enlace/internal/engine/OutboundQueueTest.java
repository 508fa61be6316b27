package io.enlace.internal.engine;

import io.enlace.internal.engine.codec.OutPacket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link OutboundQueue}: the byte estimate against the bound, order, draining, batches. */
class OutboundQueueTest {

    @Test
    void countsTheEstimateAgainstTheBound() {
        OutPacket a = new OutPacket('4', "x".repeat(40), false);
        OutPacket b = new OutPacket('4', "y".repeat(40), false);
        long max = a.estimatedSize() + b.estimatedSize();
        OutboundQueue q = new OutboundQueue();
        assertThat(q.add(a, max)).isTrue();
        assertThat(q.add(b, max)).as("exactly at the bound").isTrue();
        assertThat(q.bytes()).isEqualTo(a.estimatedSize() + b.estimatedSize());
        assertThat(q.add(new OutPacket('4', "z", false), max)).as("over the bound").isFalse();
        assertThat(q.poll()).isSameAs(a);
        assertThat(q.poll()).isSameAs(b);
        assertThat(q.poll()).isNotNull();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.bytes()).isZero();
        assertThat(q.poll()).isNull();
    }

    @Test
    void drainAllKeepsTheOrderAndEmpties() {
        OutboundQueue q = new OutboundQueue();
        OutPacket a = new OutPacket('4', "a", false);
        OutPacket b = new OutPacket('2', null, false);
        q.add(a, 1_000);
        q.add(b, 1_000);
        assertThat(q.drainAll()).containsExactly(a, b);
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.bytes()).isZero();
    }

    @Test
    void batchesNest() {
        OutboundQueue q = new OutboundQueue();
        assertThat(q.batching()).isFalse();
        q.beginBatch();
        q.beginBatch();
        q.endBatch();
        assertThat(q.batching()).isTrue();
        q.endBatch();
        assertThat(q.batching()).isFalse();
    }
}
