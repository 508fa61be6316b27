package io.enlace.internal.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkedConcurrentMapTest {

    @Test
    void keepsInsertionOrderLikeAJavaScriptMap() {
        LinkedConcurrentMap<String, Integer> m = new LinkedConcurrentMap<>();
        for (String k : List.of("z", "a", "m", "b", "y")) m.put(k, k.charAt(0) - 'a');
        assertThat(m.keySet()).containsExactly("z", "a", "m", "b", "y");
        m.put("a", 100);                                  // a present key keeps its place
        assertThat(m.keySet()).containsExactly("z", "a", "m", "b", "y");
        assertThat(m.get("a")).isEqualTo(100);
        m.remove("z");
        m.put("z", 1);                                    // removed then added again: at the end
        assertThat(m.keySet()).containsExactly("a", "m", "b", "y", "z");
        assertThat(m.values()).containsExactly(100, 12, 1, 24, 1);
        assertThat(m.entrySet()).extracting(Map.Entry::getKey).containsExactly("a", "m", "b", "y", "z");
        assertThat(m.firstEntry().getKey()).isEqualTo("a");
        assertThat(m.putIfAbsent("m", 5)).isEqualTo(12);
        assertThat(m.remove("m", 13)).isFalse();
        assertThat(m.remove("m", 12)).isTrue();
        assertThat(m).hasSize(4).containsEntry("b", 1).doesNotContainKey("m");
        m.clear();
        assertThat(m).isEmpty();
        assertThat(m.firstEntry()).isNull();
        m.put("after-clear", 1);
        assertThat(m.keySet()).containsExactly("after-clear");
        assertThatThrownBy(() -> m.put("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anIteratorGoesOnAcrossRemovalsAndSeesEveryEntryThatStays() {
        LinkedConcurrentMap<Integer, Integer> m = new LinkedConcurrentMap<>();
        for (int i = 0; i < 10; i++) m.put(i, i);
        Iterator<Integer> it = m.keySet().iterator();
        assertThat(it.next()).isEqualTo(0);
        assertThat(it.next()).isEqualTo(1);
        m.remove(1); // the entry the iterator stands on
        m.remove(2);
        m.remove(3); // the next ones too
        m.put(10, 10);
        List<Integer> rest = new ArrayList<>();
        it.forEachRemaining(rest::add);
        assertThat(rest).containsExactly(4, 5, 6, 7, 8, 9, 10);
        Iterator<Integer> it2 = m.keySet().iterator();
        it2.next();
        it2.remove();
        assertThat(m.keySet()).containsExactly(4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void nextAfterHasNextNeverFailsWhenTheEntryIsRemovedInBetween() {
        LinkedConcurrentMap<Integer, Integer> m = new LinkedConcurrentMap<>();
        m.put(1, 1);
        m.put(2, 2);
        Iterator<Integer> it = m.keySet().iterator();
        assertThat(it.next()).isEqualTo(1);
        assertThat(it.hasNext()).isTrue();
        m.remove(2); // by another thread, between hasNext() and next()
        assertThat(it.next()).as("the entry hasNext() saw (weakly consistent)").isEqualTo(2);
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void whenHasNextSaidTrueNextReturnsTheEntryEvenIfItWasRemovedMeanwhile() {
        LinkedConcurrentMap<Integer, Integer> m = new LinkedConcurrentMap<>();
        m.put(1, 1);
        m.put(2, 2);
        Iterator<Integer> it = m.keySet().iterator();
        assertThat(it.hasNext()).isTrue(); // standing on 1
        m.remove(1);
        m.remove(2); // nothing live after 1 either
        assertThat(it.next()).isEqualTo(1);
        assertThat(it.hasNext()).isFalse();
        Iterator<Integer> fresh = m.keySet().iterator();
        assertThat(fresh.hasNext()).isFalse();
    }

    @Test
    @Timeout(30)
    void readersNeverSeeAnEntryTwiceOrOutOfOrderWhileWritersChurn() throws Exception {
        LinkedConcurrentMap<Integer, Integer> m = new LinkedConcurrentMap<>();
        // stable entries that readers must always see, in order, between churned ones
        for (int i = 0; i < 1000; i++) m.put(i * 2, i);
        CountDownLatch done = new CountDownLatch(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable churn = () -> {
            try {
                for (int round = 0; round < 200; round++) {
                    for (int i = 0; i < 1000; i += 7) m.put(100_000 + i, i);
                    for (int i = 0; i < 1000; i += 7) m.remove(100_000 + i);
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.countDown();
            }
        };
        new Thread(churn, "churn-1").start();
        new Thread(churn, "churn-2").start();
        int reads = 0;
        while (done.getCount() > 0 || reads < 50) {
            int lastStable = -2;
            Set<Integer> seen = new java.util.HashSet<>();
            for (int k : m.keySet()) {
                assertThat(seen.add(k)).as("seen twice: %s", k).isTrue();
                if (k < 100_000) {
                    assertThat(k).as("stable keys in order").isEqualTo(lastStable + 2);
                    lastStable = k;
                }
            }
            assertThat(lastStable).as("every stable key seen").isEqualTo(1998);
            reads++;
            if (reads > 100_000) break;
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isNull();
        assertThat(m).hasSize(1000);
    }

    @Test
    void orderedSetsKeepOrderAndAreImmutable() {
        Set<String> s = OrderedSets.copyOf(List.of("c", "a", "b", "a"));
        assertThat(s).containsExactly("c", "a", "b");
        assertThat(OrderedSets.copyOf(s)).isSameAs(s);
        Set<String> one = Set.of("x");
        assertThat(OrderedSets.copyOf(one)).isSameAs(one);
        assertThat(s.contains("b")).isTrue();
        assertThat(s.contains(null)).isFalse();
        assertThatThrownBy(() -> s.add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(s).isEqualTo(Set.of("a", "b", "c"));
        LinkedConcurrentSet<String> big = new LinkedConcurrentSet<>();
        for (String x : List.of("q", "w", "e", "r")) big.add(x);
        big.remove("w");
        big.add("w");
        assertThat(big).containsExactly("q", "e", "r", "w");
    }
}
