package io.enlace.internal.engine;

import io.enlace.internal.engine.codec.OutPacket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link OutboundQueue}: the byte estimate (with each packet's overhead) against the bound, order, draining, batches. */
class OutboundQueueTest {

    @Test
    void countsTheEstimateAgainstTheBound() {
        OutPacket a = new OutPacket('4', "x".repeat(40), false);
        OutPacket b = new OutPacket('4', "y".repeat(40), false);
        long max = 41 + 41 + 2 * OutboundQueue.PACKET_OVERHEAD;
        OutboundQueue q = new OutboundQueue();
        assertThat(q.add(a, max)).isTrue();
        assertThat(q.add(b, max)).as("exactly at the bound").isTrue();
        assertThat(q.bytes()).isEqualTo(max);
        assertThat(q.add(new OutPacket('4', "z", false), max)).as("over the bound").isFalse();
        assertThat(q.poll()).isSameAs(a);
        assertThat(q.poll()).isSameAs(b);
        assertThat(q.poll()).isNotNull();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.bytes()).isZero();
        assertThat(q.poll()).isNull();
    }

    @Test
    void tinyPacketsCountTheirOverheadSoAPongFloodReachesTheBoundEarly() {
        // a v3 client that pings and never reads: one pong (estimated size 1) per ping
        long max = 64 * 1024;
        OutboundQueue q = new OutboundQueue();
        int queued = 0;
        while (queued < 100_000 && q.add(new OutPacket('3', null, false), max)) queued++;
        assertThat(queued).as("pongs queued within 64 KiB").isEqualTo((int) (max / (1 + OutboundQueue.PACKET_OVERHEAD)));
        assertThat(q.bytes()).isGreaterThan(max);
        q.poll();
        assertThat(q.bytes()).isEqualTo((long) queued * (1 + OutboundQueue.PACKET_OVERHEAD));
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
